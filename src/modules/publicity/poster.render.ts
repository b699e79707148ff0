import { readFile } from 'node:fs/promises';
import { Resvg } from '@resvg/resvg-js';
import QRCode from 'qrcode';
import satori from 'satori';
import { cjkFont } from '../certificates/certificate.pdf';

/** 海报模板: 红色庄重 and 清新. */
export const posterTemplates = ['red', 'fresh'] as const;
export type PosterTemplate = (typeof posterTemplates)[number];

/** Fixed sizes: 竖版 (phone screen, WeChat Moments) and 方形. */
export const posterSizes = {
  portrait: { width: 1080, height: 1920 },
  square: { width: 1080, height: 1080 },
} as const;
export type PosterSize = keyof typeof posterSizes;

export interface PosterData {
  kind: 'volunteer' | 'team';
  name: string;
  /** The team (for a volunteer) or the region (for a team). */
  subtitle: string;
  regionName: string;
  hours: number;
  /** 1–5 for a volunteer; null for a team. */
  starLevel: number | null;
  facts: { label: string; value: string }[];
  honours: { name: string; level: string; year: number }[];
  quote: string;
  photo: { mime: 'image/png' | 'image/jpeg'; data: Buffer } | null;
  qrUrl: string;
}

type Fonts = { name: string; data: Buffer; weight: 400 | 700; style: 'normal' }[];
let fontsPromise: Promise<Fonts> | null = null;

/** The embedded CJK font (OpenType/CFF, which satori reads), loaded once per process. */
function loadFonts(): Promise<Fonts> {
  fontsPromise ??= Promise.all([readFile(cjkFont.regular), readFile(cjkFont.bold)]).then(
    ([regular, bold]) => [
      { name: 'cjk', data: regular, weight: 400, style: 'normal' },
      { name: 'cjk', data: bold, weight: 700, style: 'normal' },
    ],
  );
  fontsPromise.catch(() => (fontsPromise = null));
  return fontsPromise;
}

type Style = Record<string, string | number>;
interface El {
  type: string;
  props: {
    style?: Style;
    children?: (El | string)[] | El | string;
    src?: string;
    width?: number;
    height?: number;
  };
}
const div = (style: Style, ...children: (El | string | null | false)[]): El => ({
  type: 'div',
  props: { style: { display: 'flex', ...style }, children: children.filter((c): c is El | string => !!c) },
});
const img = (src: string, width: number, height: number, style: Style = {}): El => ({
  type: 'img',
  props: { src, width, height, style: { width, height, ...style } },
});

const palette = {
  red: {
    background: 'linear-gradient(180deg, #9b1111 0%, #c62828 55%, #8e0e0e 100%)',
    text: '#fff8e1',
    muted: '#ffd8a8',
    accent: '#ffd54f',
    panel: 'rgba(255, 248, 225, 0.12)',
    avatarBg: '#ffd54f',
    avatarText: '#9b1111',
    heading: '志愿者风采',
    border: '6px solid #ffd54f',
  },
  fresh: {
    background: 'linear-gradient(180deg, #e8f5e9 0%, #ffffff 60%, #e0f2f1 100%)',
    text: '#1b3a2f',
    muted: '#4f7263',
    accent: '#2e7d62',
    panel: 'rgba(46, 125, 98, 0.08)',
    avatarBg: '#2e7d62',
    avatarText: '#ffffff',
    heading: '志愿者风采',
    border: '6px solid #2e7d62',
  },
} as const;

/** The generated avatar's character: the first letter or ideograph of the name (not a quotation mark). */
const initialOf = (name: string) => name.match(/[\p{L}\p{N}]/u)?.[0] ?? '兵';

const stars = (n: number) => '★'.repeat(n) + '☆'.repeat(Math.max(0, 5 - n));

function layout(d: PosterData, template: PosterTemplate, size: PosterSize, qr: string): El {
  const p = palette[template];
  const { width, height } = posterSizes[size];
  const tall = size === 'portrait';
  const avatarSize = tall ? 420 : 250;
  const photoSrc = d.photo ? `data:${d.photo.mime};base64,${d.photo.data.toString('base64')}` : null;
  const avatar = photoSrc
    ? img(photoSrc, avatarSize, avatarSize, {
        borderRadius: avatarSize / 2,
        objectFit: 'cover',
        border: p.border,
      })
    : div(
        {
          width: avatarSize,
          height: avatarSize,
          borderRadius: avatarSize / 2,
          background: p.avatarBg,
          color: p.avatarText,
          alignItems: 'center',
          justifyContent: 'center',
          fontSize: avatarSize * 0.45,
          fontWeight: 700,
          border: p.border,
        },
        initialOf(d.name),
      );
  const heading = d.kind === 'team' ? '志愿服务队伍风采' : p.heading;
  const factRow = div(
    { flexDirection: 'row', justifyContent: 'center', gap: 24, marginTop: tall ? 48 : 24, flexWrap: 'wrap' },
    ...[{ label: '志愿服务时长', value: `${d.hours} 小时` }, ...d.facts].map((f) =>
      div(
        {
          flexDirection: 'column',
          alignItems: 'center',
          background: p.panel,
          borderRadius: 20,
          padding: tall ? '24px 36px' : '14px 28px',
          minWidth: 260,
        },
        div({ fontSize: tall ? 34 : 26, color: p.muted }, f.label),
        div({ fontSize: tall ? 56 : 42, fontWeight: 700, color: p.accent, marginTop: 6 }, f.value),
      ),
    ),
  );
  // The square card has room for one honour beside a quote, two without one.
  const honours = d.honours.slice(0, tall ? 4 : d.quote ? 1 : 2);
  const honourBlock =
    honours.length > 0 &&
    div(
      { flexDirection: 'column', alignItems: 'center', marginTop: tall ? 48 : 20, gap: 10 },
      div({ fontSize: tall ? 34 : 26, color: p.muted }, '所获荣誉'),
      ...honours.map((h) =>
        div({ fontSize: tall ? 38 : 28, fontWeight: 700, color: p.text }, `${h.year}年 ${h.name}`),
      ),
    );
  const padX = tall ? 80 : 70;
  const quote =
    d.quote &&
    div(
      {
        marginTop: tall ? 56 : 20,
        padding: tall ? '28px 48px' : '16px 40px',
        borderLeft: `10px solid ${p.accent}`,
        background: p.panel,
        fontSize: tall ? 44 : 32,
        color: p.text,
        maxWidth: width - 2 * padX,
      },
      `“${d.quote}”`,
    );
  // Satori sizes the root as a content box: keep its padding on an inner column of fixed size.
  const [padTop, padBottom] = tall ? [120, 90] : [50, 40];
  return div(
    { width, height, background: p.background, color: p.text, fontFamily: 'cjk' },
    div(
      {
        width: width - 2 * padX,
        height: height - padTop - padBottom,
        marginTop: padTop,
        marginLeft: padX,
        flexDirection: 'column',
        alignItems: 'center',
      },
      div(
        { fontSize: tall ? 40 : 30, letterSpacing: 12, color: p.muted },
        `${d.regionName} · 退役军人志愿服务`,
      ),
      div(
        {
          fontSize: tall ? 96 : 64,
          fontWeight: 700,
          color: p.accent,
          marginTop: tall ? 24 : 10,
          letterSpacing: 8,
        },
        heading,
      ),
      div({ marginTop: tall ? 80 : 20 }, avatar),
      div({ fontSize: tall ? 88 : 60, fontWeight: 700, marginTop: tall ? 40 : 16 }, d.name),
      div({ fontSize: tall ? 40 : 30, color: p.muted, marginTop: 8 }, d.subtitle),
      d.starLevel !== null &&
        d.starLevel > 0 &&
        div(
          { fontSize: tall ? 56 : 40, color: p.accent, marginTop: 12, letterSpacing: 6 },
          stars(d.starLevel),
        ),
      factRow,
      honourBlock,
      quote,
      div({ flexGrow: 1 }),
      div(
        {
          flexDirection: 'row',
          alignItems: 'center',
          gap: 28,
          width: width - 2 * padX,
          justifyContent: 'space-between',
        },
        div(
          { flexDirection: 'column', fontSize: tall ? 30 : 24, color: p.muted },
          div({}, '邯郸市退役军人志愿服务'),
          div({}, '扫码查看更多风采'),
        ),
        img(qr, tall ? 220 : 150, tall ? 220 : 150, { borderRadius: 12 }),
      ),
    ),
  );
}

/** Renders a poster to PNG: the layout through satori (text drawn with the embedded font), then resvg. */
export async function renderPoster(
  d: PosterData,
  template: PosterTemplate,
  size: PosterSize,
): Promise<Buffer> {
  const { width, height } = posterSizes[size];
  const [fonts, qr] = await Promise.all([
    loadFonts(),
    QRCode.toDataURL(d.qrUrl, { errorCorrectionLevel: 'M', margin: 1, width: 240 }),
  ]);
  const svg = await satori(layout(d, template, size, qr) as unknown as Parameters<typeof satori>[0], {
    width,
    height,
    fonts,
  });
  return new Resvg(svg, { fitTo: { mode: 'original' }, font: { loadSystemFonts: false } }).render().asPng();
}

/** A plain title card (1200×600) for a story without a photograph: the title on the template's colours. */
export async function renderCover(title: string, caption: string, template: PosterTemplate): Promise<Buffer> {
  const p = palette[template];
  const fonts = await loadFonts();
  const tree = div(
    { width: 1200, height: 600, background: p.background, color: p.text, fontFamily: 'cjk' },
    div(
      {
        width: 1040,
        height: 480,
        marginTop: 60,
        marginLeft: 80,
        flexDirection: 'column',
        justifyContent: 'center',
        borderLeft: `14px solid ${p.accent}`,
        paddingLeft: 48,
      },
      div({ fontSize: 34, color: p.muted, letterSpacing: 6 }, caption),
      div({ fontSize: 72, fontWeight: 700, color: p.text, marginTop: 24, lineHeight: 1.3 }, title),
    ),
  );
  const svg = await satori(tree as unknown as Parameters<typeof satori>[0], {
    width: 1200,
    height: 600,
    fonts,
  });
  return new Resvg(svg, { fitTo: { mode: 'original' }, font: { loadSystemFonts: false } }).render().asPng();
}
