import type { Timestamp } from '../types';

/** Tables added with 0010 (leadership groups, work tasks, cases). Each table: an interface here and a key in `LeadershipTables`. */

export type LeadershipRole = 'leader' | 'deputy' | 'member';
export type WorkTaskStatus = 'not_started' | 'in_progress' | 'done';

/** 领导小组 of a city or county. */
export interface LeadershipGroupsTable {
  id: string;
  regionCode: string;
  name: string;
  duties: string;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

/** A member's term on a group: a member who leaves gets `toDate`, never a delete. No ID numbers or phones. */
export interface LeadershipMembersTable {
  id: string;
  groupId: string;
  name: string;
  post: string;
  role: LeadershipRole;
  fromDate: string;
  toDate: string | null;
  createdAt: Timestamp;
}

/** The city's yearly work meeting (工作会议). */
export interface WorkMeetingsTable {
  id: string;
  regionCode: string;
  year: number;
  heldOn: string;
  title: string;
  createdBy: string | null;
  createdAt: Timestamp;
}

export interface WorkTasksTable {
  id: string;
  meetingId: string;
  title: string;
  content: string;
  /** The measure (举措) the task serves. */
  measure: string;
  dueDate: string;
  createdAt: Timestamp;
}

/** One county's share of a task, with its own progress. */
export interface WorkTaskAssignmentsTable {
  id: string;
  taskId: string;
  countyCode: string;
  status: WorkTaskStatus;
  completedOn: string | null;
  updatedAt: Timestamp;
}

export interface WorkTaskReportsTable {
  id: string;
  assignmentId: string;
  status: WorkTaskStatus;
  evidence: string;
  /** JSON array of attachment links. */
  links: string;
  reportedBy: string | null;
  reporterName: string;
  createdAt: Timestamp;
}

/** 典型案例. */
export interface TypicalCasesTable {
  id: string;
  brandId: string;
  highlightId: string | null;
  /** The brand's county, for scope. */
  regionCode: string;
  fieldId: string | null;
  title: string;
  background: string;
  actions: string;
  results: string;
  status: 'draft' | 'published';
  publishedAt: string | null;
  createdBy: string | null;
  createdAt: Timestamp;
  updatedAt: Timestamp;
}

export interface LeadershipTables {
  leadershipGroups: LeadershipGroupsTable;
  leadershipMembers: LeadershipMembersTable;
  workMeetings: WorkMeetingsTable;
  workTasks: WorkTasksTable;
  workTaskAssignments: WorkTaskAssignmentsTable;
  workTaskReports: WorkTaskReportsTable;
  typicalCases: TypicalCasesTable;
}
