import type { Commendation } from '../../shared/honours';
import { createCjkPdf } from '../certificates/certificate.pdf';

/** 年度表彰大会: the meeting and its lists of commended units and individuals, as an A4 PDF. */
export async function renderCommendationPdf(c: Commendation): Promise<Buffer> {
  const { doc, done } = createCjkPdf({
    size: 'A4',
    margin: 56,
    info: { Title: c.title, Author: '邯郸市退役军人事务局', Subject: '年度表彰名单' },
  });
  const width = doc.page.width - 112;

  doc.font('cjk-bold').fontSize(20).text(c.title, { align: 'center', width });
  doc.moveDown(0.6);
  doc
    .font('cjk')
    .fontSize(11)
    .fillColor('#444')
    .text(`时间：${c.heldOn || '待定'}    地点：${c.place || '待定'}`, { align: 'center', width });
  doc.fillColor('#000').moveDown(1);

  const list = (heading: string, rows: Commendation['units']) => {
    doc.font('cjk-bold').fontSize(14).text(`${heading}（${rows.length}）`);
    doc.moveDown(0.3);
    if (!rows.length) {
      doc.font('cjk').fontSize(11).text('（无）');
    }
    let honour = '';
    for (const r of rows) {
      if (r.honour !== honour) {
        honour = r.honour;
        doc.moveDown(0.2).font('cjk-bold').fontSize(11).text(honour);
      }
      doc.font('cjk').fontSize(11).text(`    ${r.name}（${r.regionName}）`, { width });
    }
    doc.moveDown(0.8);
  };
  list('先进单位', c.units);
  list('先进个人', c.individuals);
  if (c.notes) {
    doc.font('cjk-bold').fontSize(12).text('备注');
    doc.moveDown(0.2);
    doc.font('cjk').fontSize(11).text(c.notes, { width, lineGap: 3 });
  }
  doc.end();
  return done();
}
