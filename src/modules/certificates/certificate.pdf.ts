import { createRequire } from 'node:module';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { formatHours, type CertificateContent } from '../../shared/certificates';

const require = createRequire(import.meta.url);
// The package exports only its index (in dist/); the .otf files sit beside it in fonts/.
const fontDir = path.join(path.dirname(require.resolve('@embedpdf/fonts-sc')), '..', 'fonts');
/** Noto Sans Hans (OFL), embedded: covers the rare characters of real names. */
export const cjkFont = {
  regular: path.join(fontDir, 'NotoSansHans-Regular.otf'),
  bold: path.join(fontDir, 'NotoSansHans-Bold.otf'),
};

/**
 * A PDF document with the embedded CJK font registered as `cjk` and `cjk-bold`, and `done()` giving its
 * bytes once `doc.end()` has been called. Every PDF the platform prints starts here.
 */
export function createCjkPdf(options: PDFKit.PDFDocumentOptions): {
  doc: PDFKit.PDFDocument;
  done: () => Promise<Buffer>;
} {
  const doc = new PDFDocument(options);
  doc.registerFont('cjk', cjkFont.regular);
  doc.registerFont('cjk-bold', cjkFont.bold);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  return { doc, done: () => finished };
}

/** Renders a certificate as an A4 PDF with its facts, a seal area and a QR code to the verification page. */
export async function renderCertificatePdf(content: CertificateContent, verifyUrl: string): Promise<Buffer> {
  const qr = await QRCode.toBuffer(verifyUrl, { errorCorrectionLevel: 'M', margin: 1, width: 240 });
  const { doc, done } = createCjkPdf({
    size: 'A4',
    margin: 56,
    info: {
      Title: `志愿服务记录证明 ${content.number}`,
      Author: content.issuer,
      Subject: '志愿服务记录证明',
    },
  });

  const width = doc.page.width - 112;
  doc.font('cjk-bold').fontSize(24).text('志愿服务记录证明', { align: 'center' });
  doc.moveDown(0.4);
  doc.font('cjk').fontSize(10).fillColor('#444').text(`证明编号：${content.number}`, { align: 'right' });
  doc.fillColor('#000').moveDown(1);

  const line = (label: string, value: string) => {
    doc.font('cjk-bold').fontSize(12).text(`${label}：`, { continued: true }).font('cjk').text(value);
    doc.moveDown(0.3);
  };
  line('姓名', content.name);
  line('证件类型', content.idType);
  line('证件号码', content.idNumberMasked);
  line('志愿者编号', content.volunteerNo);
  line('志愿服务时长', `${formatHours(content.totalMinutes)} 小时（${content.totalMinutes} 分钟）`);
  line('服务内容', content.serviceSummary || '—');
  doc.moveDown(0.5);
  doc
    .font('cjk')
    .fontSize(12)
    .text(
      `兹证明 ${content.name} 同志参加志愿服务，经记录、确认的志愿服务时长累计 ${formatHours(content.totalMinutes)} 小时。` +
        '本证明依据《志愿服务记录与证明出具办法（试行）》出具，所载信息真实、准确、完整。',
      { width, lineGap: 4 },
    );

  if (content.records.length) {
    doc.moveDown(0.8);
    doc.font('cjk-bold').fontSize(12).text('服务记录明细');
    doc.moveDown(0.3);
    const cols = [90, 170, 150, 73];
    const row = (cells: string[], bold = false) => {
      const y = doc.y;
      let x = 56;
      cells.forEach((cell, i) => {
        doc
          .font(bold ? 'cjk-bold' : 'cjk')
          .fontSize(10)
          .text(cell, x, y, { width: cols[i]! - 6, lineBreak: false, ellipsis: true });
        x += cols[i]!;
      });
      doc.moveDown(0.45);
      doc.x = 56;
    };
    row(['日期', '活动', '服务内容', '时长(小时)'], true);
    for (const r of content.records.slice(0, 25))
      row([r.date, r.activity, r.content, String(formatHours(r.minutes))]);
    if (content.records.length > 25)
      doc
        .font('cjk')
        .fontSize(10)
        .text(`（另有 ${content.records.length - 25} 条记录，详见系统）`);
  }

  // Issuer block, seal area and QR code at the foot of the page.
  const footY = doc.page.height - 230;
  doc.font('cjk').fontSize(11);
  doc.text(`出具单位：${content.issuer}`, 56, footY);
  doc.text(`负责人：${content.personInCharge}`, 56, footY + 22);
  doc.text(`经办人：${content.handler}`, 56, footY + 44);
  doc.text(`联系方式：${content.contact}`, 56, footY + 66);
  doc.text(`出具日期：${content.issuedOn}`, 56, footY + 88);
  doc
    .save()
    .lineWidth(1)
    .dash(4, { space: 3 })
    .strokeColor('#c00')
    .circle(330, footY + 55, 52)
    .stroke()
    .restore();
  doc
    .fillColor('#c00')
    .fontSize(10)
    .text('（盖章处）', 300, footY + 50);
  doc.fillColor('#000');
  doc.image(qr, doc.page.width - 56 - 110, footY - 4, { width: 110 });
  doc
    .fontSize(8)
    .text('扫码核验真伪', doc.page.width - 56 - 110, footY + 110, { width: 110, align: 'center' });
  doc.end();
  return done();
}
