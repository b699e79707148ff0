// The parts of lunar-javascript (MIT) that 戎志 uses; the package ships no type declarations.
declare module 'lunar-javascript' {
  interface SolarDate {
    toYmd(): string;
  }
  interface LunarDate {
    getSolar(): SolarDate;
    getJieQiTable(): Record<string, SolarDate>;
  }
  const lunarJavascript: { Lunar: { fromYmd(year: number, month: number, day: number): LunarDate } };
  export default lunarJavascript;
}
