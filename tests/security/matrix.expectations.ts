import { fakeIdCard, fakePhone } from '../support/registry';
import type { Caller, Resource } from './matrixWorld';

/**
 * One declared expectation per API route, checked by matrix.test.ts against every caller and every
 * place. A route missing here fails the suite by name.
 *
 * - `public`: open without sign-in (the list in routes.test.ts decides which).
 * - `signed-in`: any signed-in account; reference data or the caller's own things, nothing scoped.
 * - `list`: a list, count, search, report or export: no row the caller may not see appears in it
 *   (names and ids are looked for in JSON, CSV, .xlsx and .docx bodies). `regionParam`: also asked for
 *   each place by `?regionCode=`; a region outside the caller's subtree must be refused, or (for
 *   row lists, not `aggregate`s) answered without any unseen row.
 * - `read`: a GET of one `resource` by id: refused for every caller who may not see the target;
 *   with `exact`, also answered (200) for every caller who may (or, given a list, for those of them).
 * - `act`: a state change on one `resource` by id: refused for every caller who may not change the
 *   target (`actedBy`, else who may see it), and the refusal changes nothing in the database.
 * - `only`: reserved to the listed callers: every other caller is refused (403).
 * - `unseeded`: acts on something the matrix world cannot hold (the reason is written next to it);
 *   called with an id that exists nowhere, it must be refused (4xx) for every caller.
 * - `write`: a state change whose target is named in the body (creation); the place-by-place check of
 *   the body is left to the module's own tests (named in `by`).
 * - `create`: a creation whose body names a region: region staff are refused every place outside
 *   their subtree (and nothing is written), the system roles every place.
 */
export type Expectation =
  | { rule: 'public' }
  | { rule: 'signed-in'; unsafe?: 'skip' }
  | { rule: 'list'; regionParam?: boolean; aggregate?: boolean; scan?: false }
  | { rule: 'read'; resource: Resource; exact?: boolean | readonly Caller[] }
  | { rule: 'act'; resource: Resource }
  | { rule: 'only'; callers: readonly Caller[]; scan?: false }
  | { rule: 'unseeded'; what: string }
  | { rule: 'write'; by: string }
  | { rule: 'create'; body: (regionCode: string) => object };

const list: Expectation = { rule: 'list' };
const regionList: Expectation = { rule: 'list', regionParam: true };
const stats: Expectation = { rule: 'list', regionParam: true, aggregate: true };
const signedIn: Expectation = { rule: 'signed-in' };
const read = (resource: Resource, exact: boolean | readonly Caller[] = false): Expectation => ({
  rule: 'read',
  resource,
  exact,
});
const act = (resource: Resource): Expectation => ({ rule: 'act', resource });
const unseeded = (what: string): Expectation => ({ rule: 'unseeded', what });
const write = (by: string): Expectation => ({ rule: 'write', by });
const only = (...callers: Caller[]): Expectation => ({ rule: 'only', callers });

export const EXPECTATIONS: Record<string, Expectation> = {
  // Session and own account.
  'POST /api/auth/logout': { rule: 'signed-in', unsafe: 'skip' },
  'GET /api/auth/me': signedIn,
  'GET /api/auth/password-policy': signedIn,
  'POST /api/auth/password': signedIn,
  'GET /api/auth/two-factor': signedIn,
  'POST /api/auth/two-factor/setup': { rule: 'signed-in', unsafe: 'skip' },
  'POST /api/auth/two-factor/confirm': signedIn,
  'POST /api/auth/two-factor/recovery-codes': signedIn,
  'POST /api/auth/two-factor/disable': signedIn,
  'POST /api/auth/login/second-factor': { rule: 'public' },
  'POST /api/auth/login/enroll': { rule: 'public' },
  'POST /api/auth/login/password': { rule: 'public' },
  'GET /api/me/preferences': signedIn,
  'PUT /api/me/preferences': signedIn,

  // Regions (reads are public; the station and 兵支书 flag are managed inside the subtree).
  'PUT /api/regions/:code/station': write('regions.test.ts'),
  'PUT /api/regions/:code/veteran-secretary': write('regions.test.ts'),

  // Accounts: business roles inside their scope, the security and system administrators over all.
  'GET /api/accounts': list,
  'GET /api/accounts/:id': read('account', true),
  'POST /api/accounts': write('identity.test.ts'),
  'POST /api/accounts/:id/disable': act('account'),
  'POST /api/accounts/:id/enable': act('account'),
  'POST /api/accounts/:id/unlock': act('account'),
  'POST /api/accounts/:id/reset-password': act('account'),
  'PUT /api/accounts/:id/role': act('account'),
  'GET /api/organizations': list,
  'GET /api/security/password-policy': only('secadmin'),
  'PUT /api/security/password-policy': only('secadmin'),
  // The audit log names every row by design; only the auditor reads it.
  'GET /api/audit': { rule: 'only', callers: ['auditor'], scan: false },
  'GET /api/audit/export.xlsx': { rule: 'only', callers: ['auditor'], scan: false },
  'GET /api/audit/chain': { rule: 'only', callers: ['auditor'], scan: false },
  // Sessions of every account, for the security administrator.
  'GET /api/security/sessions': { rule: 'only', callers: ['secadmin'], scan: false },
  'POST /api/security/sessions/:ref/end': only('secadmin'),
  'POST /api/security/accounts/:id/sessions/end': only('secadmin'),
  'POST /api/security/accounts/:id/two-factor/reset': only('secadmin'),

  // Registry.
  'GET /api/service-fields': signedIn,
  'GET /api/teams': regionList,
  'GET /api/teams/:id': read('team', true),
  'POST /api/teams': {
    rule: 'create',
    body: (regionCode) => ({
      name: `矩阵新队${regionCode}`,
      category: 'station',
      regionCode,
      leaderName: '钱队长',
    }),
  },
  'PUT /api/teams/:id': act('team'),
  'POST /api/teams/:id/submit': act('team'),
  'POST /api/teams/:id/approve': act('team'),
  'POST /api/teams/:id/return': act('team'),
  'POST /api/teams/:id/suspend': act('team'),
  'POST /api/teams/:id/resume': act('team'),
  'POST /api/teams/:id/dissolve': act('team'),
  'GET /api/volunteers': regionList,
  'GET /api/volunteers/:id': read('volunteer', true),
  'POST /api/volunteers': {
    rule: 'create',
    body: (residenceCode) => ({
      name: '矩阵新兵',
      idCard: fakeIdCard('19530101'),
      phone: fakePhone(),
      residenceCode,
      isVeteran: true,
      veteranKind: 'soldier',
      branch: '陆军',
      serviceYears: 4,
      partyMember: false,
      skills: '',
    }),
  },
  'POST /api/volunteers/:id/reveal': act('volunteer'),
  'POST /api/volunteers/:id/memberships': act('volunteer'),
  'POST /api/volunteers/:id/memberships/end': act('volunteer'),
  'POST /api/volunteers/:id/activation': act('volunteer'),
  'POST /api/volunteers/:id/certificates': act('volunteer'),
  'PUT /api/publicity/volunteers/:id/consent': act('volunteer'),
  'POST /api/join-requests': write('volunteers.test.ts'),
  'GET /api/join-requests': list,
  'POST /api/join-requests/:id/decide': act('joinRequest'),
  'GET /api/coverage/village-teams': stats,

  // Activities and service hours.
  'GET /api/activities': list,
  'GET /api/activities/:id': read('activity', true),
  'POST /api/activities': write('activities.test.ts'),
  'POST /api/activities/:id/publish': act('activity'),
  'POST /api/activities/:id/start': act('activity'),
  'POST /api/activities/:id/complete': act('activity'),
  'POST /api/activities/:id/cancel': act('activity'),
  'POST /api/activities/:id/signups': act('activity'),
  'POST /api/activities/:id/signups/cancel': act('activity'),
  'GET /api/activities/:id/signups': read('activity'),
  'GET /api/activities/:id/checkin-code': read('activity'),
  'POST /api/activities/:id/check': act('activity'),
  'POST /api/activities/:id/proxy-check': act('activity'),
  'POST /api/activities/:id/records': act('activity'),
  'GET /api/activities/:id/attendance': read('activity'),
  'POST /api/activities/:id/attendance/review': act('activity'),
  'GET /api/activities/:id/outputs': read('activity'),
  'PUT /api/activities/:id/outputs': act('activity'),
  'GET /api/activity-outputs/totals': regionList,
  'GET /api/service-records': list,
  'POST /api/service-records/confirm': write('activities.test.ts'),
  'POST /api/service-records/:id/correct': act('serviceRecord'),
  'GET /api/record-requests': list,
  'POST /api/record-requests/:id/accept': act('recordRequest'),
  'POST /api/record-requests/:id/reject': act('recordRequest'),
  'GET /api/me/service': list,
  'POST /api/me/record-requests': write('activities.test.ts'),
  'GET /api/certificates/:id/pdf': read('certificate', true),

  // Calendar and plans.
  'GET /api/calendar/key-dates': signedIn,
  'GET /api/calendar/local-key-dates': signedIn,
  'POST /api/calendar/local-key-dates': only('city'),
  'PUT /api/calendar/local-key-dates/:id': act('localKeyDate'),
  'DELETE /api/calendar/local-key-dates/:id': act('localKeyDate'),
  'GET /api/calendar/working-days': signedIn,
  'PUT /api/calendar/working-days/:date': only('city'),
  'DELETE /api/calendar/working-days/:date': only('city'),
  'GET /api/calendar/add-working-days': signedIn,
  'GET /api/activity-templates': list,
  'GET /api/activity-templates/:id': read('activityTemplate', true),
  'POST /api/activity-templates': write('plans.test.ts'),
  'DELETE /api/activity-templates/:id': act('activityTemplate'),
  'POST /api/plans': {
    rule: 'create',
    body: (regionCode) => ({ regionCode, year: 2027, title: `矩阵新计划${regionCode}` }),
  },
  'GET /api/plans': list,
  'GET /api/plans/compliance/regions': stats,
  'GET /api/plans/:id': read('plan'),
  'PUT /api/plans/:id': act('plan'),
  'DELETE /api/plans/:id': act('plan'),
  'POST /api/plans/:id/items': act('plan'),
  'PUT /api/plans/:id/items/:itemId': act('planItem'),
  'DELETE /api/plans/:id/items/:itemId': act('planItem'),

  // Brands and cases.
  'POST /api/brands': write('brands.test.ts'),
  'POST /api/brands/:id/highlights': act('brand'),
  'GET /api/brands/:id': read('brand', true),
  'PUT /api/brands/:id': act('brand'),
  'PUT /api/brands/highlights/:id': act('brandHighlight'),
  'GET /api/cases': list,
  'GET /api/cases/:id': read('case', true),
  'POST /api/cases': write('brands.test.ts'),
  'PUT /api/cases/:id': act('case'),
  'POST /api/cases/:id/status': act('case'),

  // Honours.
  'GET /api/honours/catalogue': signedIn,
  'GET /api/honours/nominations': list,
  'POST /api/honours/nominations': write('honours.test.ts'),
  'GET /api/honours/nominations/:id': read('nomination', true),
  'POST /api/honours/nominations/:id/review': act('nomination'),
  'POST /api/honours/nominations/:id/outside-result': act('nomination'),
  'POST /api/honours/nominations/:id/objections': act('nomination'),
  'POST /api/honours/nominations/:id/objections/:objectionId/resolve': act('objection'),
  'POST /api/honours/nominations/:id/finalize': act('nomination'),
  'POST /api/honours/nominations/:id/attachments': act('nomination'),
  'GET /api/honours/nominations/:id/attachments/:attachmentId': read('nominationAttachment', true),
  'GET /api/honours/held': list,
  'GET /api/honours/external': list,
  'POST /api/honours/external': write('honours.test.ts'),
  'GET /api/honours/commendations': list,
  'GET /api/honours/commendations/:year': list,
  'PUT /api/honours/commendations/:year': only('city'),
  'GET /api/honours/commendations/:year/pdf': list,

  // Leadership groups and work tasks.
  'GET /api/leadership/groups': list,
  'GET /api/leadership/groups/:id': read('leadershipGroup'),
  'POST /api/leadership/groups': {
    rule: 'create',
    body: (regionCode) => ({ regionCode, name: `矩阵新领导小组${regionCode}` }),
  },
  'PUT /api/leadership/groups/:id': act('leadershipGroup'),
  'POST /api/leadership/groups/:id/members': act('leadershipGroup'),
  'POST /api/leadership/members/:id/end': act('leadershipMember'),
  'GET /api/work-meetings': list,
  'POST /api/work-meetings': only('city'),
  'POST /api/work-meetings/:id/tasks': act('workMeeting'),
  'GET /api/work-tasks': list,
  'GET /api/work-tasks/:id': read('workTask', true),
  'POST /api/work-tasks/:id/reports': act('workTask'),

  // Publicity.
  'POST /api/publicity/media': write('publicity.test.ts'),
  'GET /api/publicity/media/:id': read('media', true),
  'GET /api/publicity/stories': list,
  'POST /api/publicity/stories': write('publicity.test.ts'),
  'GET /api/publicity/stories/:id': read('story', true),
  'PUT /api/publicity/stories/:id': act('story'),
  'POST /api/publicity/stories/:id/review': act('story'),
  'POST /api/publicity/stories/:id/publish': act('story'),
  'POST /api/publicity/stories/:id/return': act('story'),
  'POST /api/publicity/stories/:id/unpublish': act('story'),
  'GET /api/publicity/subjects': list,
  'GET /api/publicity/posters/preview': list,
  'POST /api/publicity/posters': write('publicity.test.ts'),
  'GET /api/publicity/posters': list,
  'GET /api/publicity/posters/:id/png': read('poster', true),
  'POST /api/publicity/posters/:id/publish': act('poster'),
  'POST /api/publicity/posters/:id/withdraw': act('poster'),

  // Statistics, reports and exchange files.
  'GET /api/statistics/overview': stats,
  'GET /api/statistics/overview.xlsx': stats,
  'GET /api/statistics/reports/work': stats,
  'PUT /api/statistics/reports/work': write('statistics.test.ts'),
  'GET /api/statistics/reports/work.docx': stats,
  'GET /api/statistics/reports/work.pdf': stats,
  'GET /api/statistics/reports/monthly.xlsx': stats,
  'GET /api/statistics/reports/annual.xlsx': stats,
  'GET /api/statistics/exchange/:kind': list,

  // Requests and call-outs.
  'POST /api/requests': write('requests.test.ts'),
  'GET /api/requests': list,
  'GET /api/requests/overdue-count': list,
  'GET /api/requests/figures': stats,
  'GET /api/requests/:id': read('request', true),
  'GET /api/requests/:id/suggestions': read('request'),
  'POST /api/requests/:id/dispatch': act('request'),
  'POST /api/requests/:id/accept': act('request'),
  'POST /api/requests/:id/decline': act('request'),
  'POST /api/requests/:id/complete': act('request'),
  'POST /api/callouts': write('requests.test.ts'),
  'GET /api/callouts': list,
  'GET /api/callouts/mine': list,
  // The volunteer sees the call-outs they are on in their own list, not the organiser's page.
  'GET /api/callouts/:id': read('callOut', ['city', 'county']),
  'POST /api/callouts/:id/answer': act('callOut'),
  'POST /api/callouts/:id/activity': act('callOut'),
  'POST /api/callouts/:id/close': act('callOut'),

  // Notifications (the caller's own).
  'GET /api/notifications': list,
  'GET /api/notifications/unread-count': signedIn,
  'POST /api/notifications/read': signedIn,
  'GET /api/outbox': list,

  // Imports and exports.
  'GET /api/imports/templates/volunteers.xlsx': signedIn,
  'POST /api/imports/volunteers': write('imports.test.ts'),
  'GET /api/imports/templates/teams.xlsx': signedIn,
  'POST /api/imports/teams': write('imports.test.ts'),
  // Progress lives in the server process's memory under the account that started the import (no row
  // to seed); reading another account's job is refused in src/modules/imports/progress.test.ts.
  'GET /api/imports/progress/:job': unseeded('import job (in-process, per account)'),
  'GET /api/exports/volunteers.xlsx': regionList,
  'GET /api/exports/teams.xlsx': regionList,

  // The volunteer's own data (PIPL rights) and the staff side of those requests.
  'GET /api/me/privacy': list,
  'GET /api/me/privacy/export': list,
  'POST /api/me/privacy/corrections': write('privacy tests'),
  'POST /api/me/privacy/consent/withdraw': { rule: 'signed-in', unsafe: 'skip' },
  'POST /api/me/privacy/erasure': { rule: 'signed-in', unsafe: 'skip' },
  'GET /api/privacy/requests': list,
  'POST /api/privacy/requests/:id/accept': act('privacyRequest'),
  'POST /api/privacy/requests/:id/reject': act('privacyRequest'),
  'POST /api/privacy/requests/:id/erase': act('privacyRequest'),
};
