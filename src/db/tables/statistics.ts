import type { ColumnType, Generated } from 'kysely';

/** Sums come back as strings from PostgreSQL's bigint; read them through Number(). */
type Count = ColumnType<number | string, number | undefined, number>;

/** 0012: confirmed minutes and records per team and month of service, kept by triggers. */
export interface StatTeamMonthTable {
  teamId: string;
  /** YYYY-MM of service_date */
  month: string;
  /** The team's home region (follows the team when it moves). */
  regionCode: string;
  minutes: Count;
  records: Count;
}

/** 0012: confirmed minutes and records per team and year, kept by triggers. */
export interface StatTeamYearTable {
  teamId: string;
  year: number;
  regionCode: string;
  minutes: Count;
  records: Count;
}

/** 0012: the significant prefix lengths of the region levels (2, 4, 6, 9, 12). */
export interface StatLengthsTable {
  len: number;
}

/** 0012: confirmed minutes and records per area (first `len` digits of the team's region) and month. */
export interface StatAreaMonthTable {
  len: number;
  area: string;
  month: string;
  minutes: Count;
  records: Count;
}

/** 0012: activities that take place (published, ongoing, completed) per area, month and field, kept by triggers. */
export interface StatActivityAreaTable {
  len: number;
  area: string;
  month: string;
  /** '' when the activity has no service field. */
  fieldId: Generated<string>;
  activities: Count;
}

/** 0012: volunteers and veterans per area of residence (first `len` digits), kept by triggers. */
export interface StatVolunteerAreaTable {
  len: number;
  area: string;
  volunteers: Count;
  veterans: Count;
}

/** 0012: volunteers per area of residence, star level and birth year, kept by triggers. */
export interface StatVolunteerProfileTable {
  len: number;
  area: string;
  starLevel: number;
  birthYear: number;
  volunteers: Count;
}

/** 0012: the narrative paragraphs of a work report, as staff wrote them (JSON object section → text). */
export interface StatReportTextsTable {
  regionCode: string;
  /** `${from}~${to}` (YYYY-MM-DD). */
  period: string;
  sections: string;
  updatedAt: string;
  updatedBy: string | null;
}

/** Tables added with 0012 (statistics counters). Each table: an interface here and a key in `StatisticsTables`. */
export interface StatisticsTables {
  statTeamMonth: StatTeamMonthTable;
  statTeamYear: StatTeamYearTable;
  statLengths: StatLengthsTable;
  statAreaMonth: StatAreaMonthTable;
  statActivityArea: StatActivityAreaTable;
  statVolunteerArea: StatVolunteerAreaTable;
  statVolunteerProfile: StatVolunteerProfileTable;
  statReportTexts: StatReportTextsTable;
}
