/** Chinese text of the login's second step, the enrolment, recovery codes and 我的账号 › 两步验证. */
export const twoFactorText = {
  // Second step at login
  stepHeading: '两步验证',
  stepIntro: (name: string) => `${name}，请打开手机上的验证器应用，输入其中显示的6位验证码。`,
  code: '验证码',
  codePlaceholder: '6位数字',
  codeRequired: '请输入6位验证码',
  verify: '验证并登录',
  verifying: '正在验证…',
  useRecovery: '手机不在身边？改用恢复码',
  useCode: '改用验证器上的验证码',
  recoveryCode: '恢复码',
  recoveryPlaceholder: '如 AB3CD-EF5GH',
  recoveryRequired: '请输入恢复码',
  recoveryHint: '每个恢复码只能使用一次。',
  back: '返回，重新输入用户名和密码',
  // Forced enrolment
  enrollHeading: '设置两步验证',
  enrollIntro: (name: string) =>
    `${name}，您的角色必须使用两步验证。请在手机上安装验证器应用（如“腾讯身份验证器”、Microsoft Authenticator、Google Authenticator），扫描下面的二维码，或手动输入密钥。`,
  qrAlt: '用验证器应用扫描的二维码',
  secret: '密钥（手动输入时使用）',
  confirmCode: '验证器显示的6位验证码',
  confirm: '确认并开启',
  // Recovery codes
  recoveryHeading: '请保存恢复码',
  recoveryIntro:
    '手机丢失或无法使用验证器时，可用下面的恢复码登录，每个只能用一次。它们只显示这一次，请复制或下载后妥善保存。',
  recoveryListLabel: '恢复码列表',
  copy: '复制恢复码',
  copied: '已复制',
  copyFailed: '无法复制，请手动抄写或下载',
  download: '下载为文本文件',
  downloadName: '戎志-恢复码.txt',
  downloadTitle: (name: string) => `戎志 两步验证恢复码（${name}）\n每个恢复码只能使用一次。\n`,
  saved: '我已保存，继续',
  // Expired password
  expiredHeading: '密码已过期',
  expiredIntro: '按照安全策略，您的密码已到期，请先设置新密码再继续。',
  newPassword: '新密码',
  confirmPassword: '再次输入新密码',
  confirmMismatch: '两次输入的新密码不一致',
  newPasswordRequired: '请输入新密码',
  changeAndContinue: '修改密码并登录',
  // 我的账号
  cardTitle: '两步验证',
  statusOn: '已开启',
  statusOff: '未开启',
  requiredNote: '您的角色按安全策略必须使用两步验证，不能关闭。',
  optionalNote: '开启后，登录时除密码外还需输入手机验证器上的验证码，更加安全。',
  recoveryLeft: (n: number) => `剩余恢复码 ${n} 个`,
  enable: '开启两步验证',
  setupIntro: '用验证器应用扫描二维码或输入密钥，然后输入显示的6位验证码确认。',
  cancel: '取消',
  disable: '关闭两步验证',
  disableTitle: '关闭两步验证',
  disableIntro: '请输入当前密码和验证器上的验证码。关闭后，您在其他设备上的登录会结束。',
  password: '当前密码',
  passwordRequired: '请输入当前密码',
  disabled: '已关闭两步验证',
  enabled: '已开启两步验证',
  newCodes: '重新生成恢复码',
  newCodesIntro: '输入验证器上的验证码，生成10个新的恢复码，旧的立即作废。',
  generate: '生成',
} as const;

/** `ABCD EFGH IJKL …`: a secret is easier to type in groups of four. */
export const groupSecret = (secret: string): string => secret.replace(/(.{4})/g, '$1 ').trim();
