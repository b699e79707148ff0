import type { ThemeConfig } from 'antd';

/** Shared by both modes: Chinese fonts first, so names like 磁县 never fall back to a serif face. */
const fontFamily =
  '-apple-system, BlinkMacSystemFont, "Segoe UI", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", ' +
  '"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Helvetica Neue", Arial, sans-serif';

/** The colours of the shell chrome (top bar, accents) that are not antd tokens. */
export const brand = {
  headerBg: '#0a3069',
  headerText: '#ffffff',
  accentRed: '#b71c1c',
  gold: '#ffd54f',
  pageBg: '#f2f4f7',
};

/**
 * Normal mode: a calm government blue. Muted text is darkened from antd's defaults (45% black is
 * only 3.5:1 on white) so descriptions, breadcrumbs and table meta stay at 7:1 or better.
 */
export const normalTheme: ThemeConfig = {
  token: {
    colorPrimary: '#1554ad',
    colorLink: '#1554ad',
    colorError: '#b71c1c',
    colorTextSecondary: '#4d4d4d',
    colorTextTertiary: '#595959',
    colorTextDescription: '#595959',
    // antd's 25% black placeholder is 1.8:1; a Select's placeholder is real text to axe (and to readers).
    colorTextPlaceholder: '#707070',
    colorBgLayout: brand.pageBg,
    borderRadius: 4,
    fontFamily,
  },
  components: {
    Layout: { headerBg: brand.headerBg, headerHeight: 64, headerPadding: '0 24px', siderBg: '#ffffff' },
    Menu: { itemBorderRadius: 4, itemSelectedBg: '#e8f0fb', itemSelectedColor: '#1554ad' },
    Table: { headerBg: '#f0f3f8' },
  },
};

/**
 * 适老模式: base type 18px, controls 48px tall, black text and a darker blue (10:1 on white), so every
 * piece of text meets WCAG AAA (7:1).
 */
export const elderlyTheme: ThemeConfig = {
  token: {
    colorPrimary: '#003a8c',
    colorLink: '#003a8c',
    colorError: '#a8071a',
    colorText: '#000000',
    colorTextHeading: '#000000',
    colorTextSecondary: '#1f1f1f',
    colorTextTertiary: '#262626',
    colorTextDescription: '#262626',
    colorTextQuaternary: '#4d4d4d',
    colorTextPlaceholder: '#4d4d4d',
    colorBorder: '#8c8c8c',
    colorBorderSecondary: '#bfbfbf',
    colorBgLayout: brand.pageBg,
    fontSize: 18,
    controlHeight: 48,
    lineHeight: 1.6,
    borderRadius: 4,
    fontFamily,
  },
  components: {
    Layout: { headerBg: brand.headerBg, headerHeight: 72, headerPadding: '0 24px', siderBg: '#ffffff' },
    Menu: {
      itemHeight: 52,
      itemBorderRadius: 4,
      iconSize: 20,
      itemSelectedBg: '#dbe6f5',
      itemSelectedColor: '#003a8c',
    },
    Table: { headerBg: '#e8edf5', cellPaddingBlock: 14 },
    Switch: { trackHeight: 32, trackMinWidth: 64, handleSize: 28, innerMaxMargin: 32, innerMinMargin: 14 },
  },
};

/** The theme for a mode; `motion: false` when the user asked the system for reduced motion. */
export function themeFor(elderly: boolean, reducedMotion: boolean): ThemeConfig {
  const base = elderly ? elderlyTheme : normalTheme;
  return reducedMotion ? { ...base, token: { ...base.token, motion: false } } : base;
}
