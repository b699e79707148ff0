import type { ColumnType, Generated } from 'kysely';
import type { Timestamp } from '../types';

export type StoryStatus = 'draft' | 'reviewed' | 'published';
export type StoryChannel = 'wechat' | 'tv' | 'poster' | 'other';
export type StorySubjectKind = 'team' | 'volunteer' | 'activity' | 'brand';
export type PosterSubjectKind = 'volunteer' | 'team';

/** Uploaded images (PNG/JPEG/WebP, checked by their bytes) and rendered posters. */
export interface PublicityMediaTable {
  id: string;
  mime: 'image/png' | 'image/jpeg' | 'image/webp';
  size: number;
  width: number;
  height: number;
  data: ColumnType<Buffer, Buffer, never>;
  regionCode: string | null;
  createdBy: string | null;
  createdAt: Timestamp;
}

/** 宣传稿件: draft → reviewed → published; the body is JSON blocks (never raw HTML). */
export interface StoriesTable {
  id: string;
  title: string;
  summary: Generated<string>;
  body: string;
  coverMediaId: string | null;
  subjectKind: StorySubjectKind | null;
  subjectId: string | null;
  subjectName: string | null;
  channel: StoryChannel;
  status: StoryStatus;
  regionCode: string;
  createdBy: string;
  authorName: string;
  createdAt: Timestamp;
  updatedAt: Timestamp;
  reviewedBy: string | null;
  reviewedAt: string | null;
  publishedBy: string | null;
  publishedAt: string | null;
  returnReason: string | null;
  version: Generated<number>;
}

export interface StoryMediaTable {
  storyId: string;
  mediaId: string;
}

/** 志愿者风采海报: the rendered PNG is kept in publicity_media (image_media_id). */
export interface PostersTable {
  id: string;
  subjectKind: PosterSubjectKind;
  subjectId: string;
  subjectName: string;
  template: string;
  size: string;
  quote: Generated<string>;
  photoMediaId: string | null;
  imageMediaId: string;
  status: 'saved' | 'published';
  regionCode: string;
  createdBy: string;
  createdAt: Timestamp;
  publishedBy: string | null;
  publishedAt: string | null;
}

/** Tables added with 0011 (stories, posters, media). */
export interface PublicityTables {
  publicityMedia: PublicityMediaTable;
  stories: StoriesTable;
  storyMedia: StoryMediaTable;
  posters: PostersTable;
}
