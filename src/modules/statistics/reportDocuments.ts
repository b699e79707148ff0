import { AlignmentType, Document, Packer, Paragraph, TextRun } from 'docx';
import { outputLabels, type OutputKind } from '../../shared/activities';
import { createCjkPdf } from '../certificates/certificate.pdf';
import { hoursOf } from './reports.service';
import type { WorkReport } from './statistics.schemas';

type Block = { kind: 'title' | 'subtitle' | 'heading' | 'para' | 'figure' | 'sign'; text: string };

const outputText = (o: { kind: string; quantity: number }) => {
  const l = outputLabels[o.kind as OutputKind];
  return l ? `${l.name}${o.quantity}${l.unit}` : `${o.kind}${o.quantity}`;
};

/**
 * The report as a sequence of blocks, in the shape of the bureau's 工作情况报告: 一、队伍组建 二、规范管理
 * 三、品牌创建. Staff paragraphs are kept as written; the figure paragraphs come from the database.
 */
export function workReportBlocks(r: WorkReport): Block[] {
  const n = r.numbers;
  const where = r.region.name;
  const blocks: Block[] = [
    { kind: 'title', text: `${where}退役军人志愿服务工作情况报告` },
    { kind: 'subtitle', text: `（${r.from} 至 ${r.to}）` },
  ];
  const paras = (text: string) =>
    text
      .split(/\n+/)
      .map((t) => t.trim())
      .filter(Boolean)
      .forEach((t) => blocks.push({ kind: 'para', text: t }));
  paras(r.texts.opening);

  blocks.push({ kind: 'heading', text: '一、全面发动，抓好服务队伍组建' });
  const cats = n.teamsByCategory.filter((c) => c.teams > 0).map((c) => `${c.label}${c.teams}支`);
  blocks.push({
    kind: 'figure',
    text:
      `截至目前，${where}共登记退役军人志愿服务队伍${n.teams}支${cats.length ? `（${cats.join('，')}）` : ''}，` +
      `登记志愿者${n.volunteers}人，其中退役军人${n.veterans}人。`,
  });
  paras(r.texts.teamBuilding);

  blocks.push({ kind: 'heading', text: '二、健全机制，抓好科学规范管理' });
  const outs = n.outputs.filter((o) => o.quantity > 0).map(outputText);
  blocks.push({
    kind: 'figure',
    text:
      `报告期内，共开展志愿服务活动${n.activities}场，确认志愿服务记录${n.records}条，` +
      `累计志愿服务时长${hoursOf(n.minutes)}小时` +
      (outs.length ? `；服务成果：${outs.join('，')}` : '') +
      '。' +
      (n.topTeams.length
        ? `服务时长居前的队伍：${n.topTeams.map((t) => `${t.name}（${hoursOf(t.minutes)}小时）`).join('、')}。`
        : ''),
  });
  paras(r.texts.management);
  if (n.honours.length)
    blocks.push({
      kind: 'figure',
      text: `荣誉激励：获评各类荣誉${n.honours.length}项，${n.honours.map((h) => `${h.nominee}获评“${h.honour}”（${h.year}年）`).join('；')}。`,
    });
  else blocks.push({ kind: 'figure', text: '荣誉激励：报告期内暂无获评荣誉。' });

  blocks.push({ kind: 'heading', text: '三、因地制宜，抓好特色品牌创建' });
  paras(r.texts.brands);
  blocks.push({
    kind: 'figure',
    text: n.brands.length
      ? `已创建退役军人志愿服务特色品牌${n.brands.length}个：${n.brands
          .map((b) => `${b.countyName}“${b.name}”${b.teams.length ? `（${b.teams.join('、')}）` : ''}`)
          .join('；')}。`
      : '尚未创建退役军人志愿服务特色品牌。',
  });
  for (const e of n.examples)
    blocks.push({
      kind: 'figure',
      text: `${e.date}，${e.teamName}在${e.place}开展“${e.title}”志愿服务活动。`,
    });
  paras(r.texts.closing);
  blocks.push({ kind: 'sign', text: `${where}退役军人事务部门` });
  return blocks;
}

const FONT = { ascii: 'FangSong', eastAsia: '仿宋_GB2312', hAnsi: 'FangSong' };
const HEAD_FONT = { ascii: 'SimHei', eastAsia: '黑体', hAnsi: 'SimHei' };

/** .docx for Word/WPS: 仿宋 body, 黑体 headings, two-character first-line indent. */
export async function workReportDocx(r: WorkReport): Promise<Buffer> {
  const children = workReportBlocks(r).map((b) => {
    switch (b.kind) {
      case 'title':
        return new Paragraph({
          alignment: AlignmentType.CENTER,
          spacing: { after: 120 },
          children: [new TextRun({ text: b.text, bold: true, size: 40, font: HEAD_FONT })],
        });
      case 'subtitle':
        return new Paragraph({
          alignment: AlignmentType.CENTER,
          spacing: { after: 240 },
          children: [new TextRun({ text: b.text, size: 28, font: FONT })],
        });
      case 'heading':
        return new Paragraph({
          spacing: { before: 200, after: 100 },
          indent: { firstLine: 640 },
          children: [new TextRun({ text: b.text, size: 32, font: HEAD_FONT })],
        });
      case 'sign':
        return new Paragraph({
          alignment: AlignmentType.RIGHT,
          spacing: { before: 400 },
          children: [new TextRun({ text: b.text, size: 32, font: FONT })],
        });
      default:
        return new Paragraph({
          indent: { firstLine: 640 },
          spacing: { line: 560 },
          children: [new TextRun({ text: b.text, size: 32, font: FONT })],
        });
    }
  });
  const doc = new Document({
    creator: '戎志',
    title: `${r.region.name}退役军人志愿服务工作情况报告`,
    sections: [{ properties: {}, children }],
  });
  return Packer.toBuffer(doc);
}

/** The same report as an A4 PDF with the embedded CJK font. */
export async function workReportPdf(r: WorkReport): Promise<Buffer> {
  const { doc, done } = createCjkPdf({
    size: 'A4',
    margin: 64,
    info: { Title: `${r.region.name}退役军人志愿服务工作情况报告`, Author: '戎志' },
  });
  const width = doc.page.width - 128;
  for (const b of workReportBlocks(r)) {
    switch (b.kind) {
      case 'title':
        doc.font('cjk-bold').fontSize(20).text(b.text, { align: 'center', width });
        break;
      case 'subtitle':
        doc.font('cjk').fontSize(12).text(b.text, { align: 'center', width }).moveDown(1);
        break;
      case 'heading':
        doc.moveDown(0.5).font('cjk-bold').fontSize(14).text(b.text, { width }).moveDown(0.3);
        break;
      case 'sign':
        doc.moveDown(2).font('cjk').fontSize(12).text(b.text, { align: 'right', width });
        break;
      default:
        doc.font('cjk').fontSize(12).text(b.text, { width, indent: 24, lineGap: 5, paragraphGap: 6 });
    }
  }
  doc.end();
  return done();
}
