import { HonoursHeldCard } from '../honours/HonoursHeldCard';
import { bt } from './locale';

/** 获得荣誉: the honours area's card for the brand (a brand's honours are public knowledge). */
export function HonoursSection({ brandId, title = bt.detail.honours }: { brandId: string; title?: string }) {
  return <HonoursHeldCard kind="brand" id={brandId} title={title} testId="brand-honours" />;
}
