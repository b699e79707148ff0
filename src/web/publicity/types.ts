/** The shapes the publicity API answers with (see src/modules/publicity/publicity.schemas.ts). */
export type StoryChannel = 'wechat' | 'tv' | 'poster' | 'other';
export type StoryStatus = 'draft' | 'reviewed' | 'published';
export type SubjectKind = 'team' | 'volunteer' | 'activity' | 'brand';
export type PosterTemplate = 'red' | 'fresh';
export type PosterSize = 'portrait' | 'square';

export const storyChannels: StoryChannel[] = ['wechat', 'tv', 'poster', 'other'];
export const storyStatuses: StoryStatus[] = ['draft', 'reviewed', 'published'];
export const subjectKinds: SubjectKind[] = ['team', 'volunteer', 'activity', 'brand'];
export const posterTemplates: PosterTemplate[] = ['red', 'fresh'];
export const posterSizes: PosterSize[] = ['portrait', 'square'];

export type Span = { text: string; bold?: boolean };
export type StoryBlock =
  | { type: 'heading'; text: string }
  | { type: 'paragraph'; spans: Span[] }
  | { type: 'quote'; text: string }
  | { type: 'image'; mediaId: string; caption: string };

export interface StoryInput {
  title: string;
  summary: string;
  body: StoryBlock[];
  coverMediaId: string | null;
  channel: StoryChannel;
  subjectKind: SubjectKind | null;
  subjectId: string | null;
}

export interface Story extends StoryInput {
  id: string;
  status: StoryStatus;
  subjectName: string | null;
  regionCode: string;
  regionName: string;
  authorName: string;
  createdAt: string;
  updatedAt: string;
  reviewedAt: string | null;
  publishedAt: string | null;
  returnReason: string | null;
  version: number;
  mayPublish: boolean;
}
export type StoryListItem = Omit<Story, 'body'>;

export interface SubjectHit {
  id: string;
  name: string;
  hint: string;
  consent: boolean | null;
  consentAt: string | null;
}

export interface Media {
  id: string;
  mime: string;
  size: number;
  width: number;
  height: number;
  url: string;
}

export interface Poster {
  id: string;
  subjectKind: 'volunteer' | 'team';
  subjectId: string;
  subjectName: string;
  template: PosterTemplate;
  size: PosterSize;
  width: number;
  height: number;
  quote: string;
  status: 'saved' | 'published';
  regionCode: string;
  createdAt: string;
  publishedAt: string | null;
  mayPublish: boolean;
}

export interface PublicStory {
  id: string;
  title: string;
  summary: string;
  body: StoryBlock[];
  coverUrl: string | null;
  channel: StoryChannel;
  subjectKind: SubjectKind | null;
  subjectName: string | null;
  regionName: string;
  publishedAt: string;
}
export type PublicStoryItem = Omit<PublicStory, 'body'>;

export interface PublicPoster {
  id: string;
  subjectKind: 'volunteer' | 'team';
  subjectName: string;
  width: number;
  height: number;
  imageUrl: string;
  publishedAt: string;
}

export interface PortalSummary {
  regionName: string;
  counties: number;
  teams: number;
  volunteers: number;
  confirmedHours: number;
  brands: number;
  publishedStories: number;
}

export interface PortalStation {
  countyCode: string;
  countyName: string;
  name: string;
  address: string;
  phone: string | null;
}

export interface PublicBrand {
  id: string;
  name: string;
  countyCode: string;
  countyName: string;
  description: string;
  teams: { id: string; name: string }[];
  highlights: { id: string; title: string; body: string }[];
}

/** Paragraph text ↔ spans: `**加粗**` marks bold; nothing else is markup. */
export function spansToText(spans: Span[]): string {
  return spans.map((s) => (s.bold ? `**${s.text}**` : s.text)).join('');
}

export function textToSpans(text: string): Span[] {
  const spans: Span[] = [];
  const parts = text.split(/\*\*(.+?)\*\*/s);
  parts.forEach((part, i) => {
    if (!part) return;
    spans.push(i % 2 === 1 ? { text: part, bold: true } : { text: part });
  });
  return spans.length ? spans : [{ text: '' }];
}
