import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../server/config';
import { auditActionLabels } from './auditActions';

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return sources(file);
    return /\.ts$/.test(name) && !/\.test\.ts$/.test(name) ? [file] : [];
  });
}

describe('audit action catalogue', () => {
  const files = [
    ...sources(path.join(projectRoot, 'src', 'modules')),
    ...sources(path.join(projectRoot, 'src', 'server')),
  ];

  it('labels every action code the server writes', () => {
    const written = new Set<string>();
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      // `action: 'x.y'` and both arms of `action: c ? 'x.y' : 'x.z'`; timeline verbs without a dot are not audit codes.
      for (const m of text.matchAll(
        /action:\s*(?:[^'`\n]*\?\s*)?'([a-z_]+\.[a-z_.-]+)'(?:\s*:\s*'([a-z_]+\.[a-z_.-]+)')?/g,
      )) {
        written.add(m[1]!);
        if (m[2]) written.add(m[2]);
      }
    }
    expect(written.size).toBeGreaterThan(50);
    expect([...written].filter((code) => !auditActionLabels[code]).sort()).toEqual([]);
  });

  it('labels every member of the action families built from a variable', () => {
    // The start of each template literal, and the codes it produces.
    const families: Record<string, string[]> = {
      'team.': ['submit', 'approve', 'return', 'suspend', 'resume', 'dissolve'],
      'activity.': ['publish', 'start', 'complete'],
      'attendance.check_': ['in', 'out'],
      'account.': ['disable', 'enable', 'unlock', 'reset-password'],
      'import.': ['volunteers', 'teams'],
      'export.': ['volunteers', 'teams'],
      'publicity.story.': ['review', 'publish', 'return', 'unpublish'],
      'honour.review.': ['county', 'city'],
    };
    const missing = Object.entries(families).flatMap(([start, members]) =>
      members.map((m) => `${start}${m}`).filter((code) => !auditActionLabels[code]),
    );
    expect(missing).toEqual([]);
    // Each family is still built that way somewhere: a renamed family must be renamed here too.
    const all = files.map((f) => readFileSync(f, 'utf8')).join('\n');
    for (const start of Object.keys(families)) expect(all).toContain(`action: \`${start}\${`);
  });
});
