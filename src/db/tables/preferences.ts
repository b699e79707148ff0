/** 0018: a person's own settings (适老模式), one row per account once chosen. */
export interface AccountPreferencesTable {
  accountId: string;
  /** 适老模式: 0/1. */
  elderly: number;
  updatedAt: string;
}

export interface PreferencesTables {
  accountPreferences: AccountPreferencesTable;
}
