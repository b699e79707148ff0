import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { withCheckDigit } from '../src/shared/idcard';
import { volunteerColumns } from '../src/modules/imports/columns';

const surnames =
  '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文';
const given =
  '国建军志明华平伟强磊洋勇艳娜静丽敏杰涛斌超波辉鹏刚霞红英兰芳玲桂秀云峰宇浩然振兴卫东海江山林春秋冬梅松柏荣耀忠诚';
const kinds = ['退役士兵', '军休干部', '转业干部', '复员干部', '其他'];
const branches = ['陆军', '海军', '空军', '火箭军', '武警', '战略支援部队'];
const skills = ['驾驶', '急救', '文艺', '理论宣讲', '法律咨询', '维修', '摄影', '医疗', ''];

/** A deterministic pseudo-random sequence, so every run imports the same file. */
function prng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * Plainly fictional volunteers on the real region tree: generated names, ID numbers with a valid check
 * digit (region of residence, a birth date, a unique sequence), unique mobile numbers.
 */
export function fictionalVolunteers(count: number, villages: string[], seed = 2026): (string | number)[][] {
  const random = prng(seed);
  const pick = <T>(list: readonly T[] | string) => list[Math.floor(random() * list.length)] as T;
  const used = new Set<string>();
  const rows: (string | number)[][] = [];
  for (let i = 0; i < count; i++) {
    const village = villages[i % villages.length]!;
    const year = 1945 + Math.floor(random() * 60);
    const month = 1 + Math.floor(random() * 12);
    const day = 1 + Math.floor(random() * 28);
    const birth = `${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}`;
    let seq = Math.floor(random() * 1000);
    while (used.has(`${village.slice(0, 6)}${birth}${seq}`)) seq = (seq + 1) % 1000;
    used.add(`${village.slice(0, 6)}${birth}${seq}`);
    const veteran = random() < 0.8;
    rows.push([
      `${pick<string>(surnames)}${pick<string>(given)}${random() < 0.6 ? pick<string>(given) : ''}`,
      withCheckDigit(`${village.slice(0, 6)}${birth}${String(seq).padStart(3, '0')}`),
      `1${3 + (i % 7)}${String(i).padStart(9, '0')}`,
      village,
      veteran ? '是' : '否',
      veteran ? pick(kinds) : '',
      veteran ? pick(branches) : '',
      veteran ? 2 + Math.floor(random() * 20) : '',
      random() < 0.5 ? '是' : '否',
      random() < 0.02 ? '是' : '否',
      pick(skills),
      random() < 0.7 ? '是' : '否',
      '',
      '',
    ]);
  }
  return rows;
}

/** The rows as a volunteers .xlsx in the template's layout, with shared strings as Excel saves them. */
export async function volunteersWorkbook(rows: (string | number)[][]): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const out = new PassThrough();
  out.on('data', (chunk: Buffer) => chunks.push(chunk));
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useSharedStrings: true,
    useStyles: false,
  });
  const sheet = workbook.addWorksheet('志愿者');
  sheet.addRow(volunteerColumns.map((c) => c.header)).commit();
  for (const row of rows) sheet.addRow(row).commit();
  sheet.commit();
  await workbook.commit();
  return Buffer.concat(chunks);
}
