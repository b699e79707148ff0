/**
 * Every error the API can return: a stable code, its HTTP status, and the Chinese message a person sees.
 * The body is always `{ error: { code, message, field? } }`.
 */
export const errorCatalog = {
  VALIDATION_FAILED: { status: 400, message: '提交的内容不符合要求' },
  INVALID_JSON: { status: 400, message: '请求内容不是有效的 JSON' },
  UNKNOWN_FIELD: { status: 400, message: '请求中包含不允许的字段' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: '不支持的请求内容类型，请使用 JSON' },
  PAYLOAD_TOO_LARGE: { status: 413, message: '提交的内容过大' },
  UNAUTHENTICATED: { status: 401, message: '请先登录' },
  SESSION_EXPIRED: { status: 401, message: '登录已超时，请重新登录' },
  INVALID_CREDENTIALS: { status: 401, message: '用户名或密码错误' },
  ACCOUNT_LOCKED: { status: 423, message: '账号已被锁定，请稍后再试或联系安全管理员解锁' },
  ACCOUNT_DISABLED: { status: 403, message: '账号已停用，请联系管理员' },
  PASSWORD_POLICY: { status: 400, message: '密码不符合安全要求' },
  WRONG_PASSWORD: { status: 400, message: '当前密码不正确' },
  TWO_FACTOR_INVALID: { status: 401, message: '验证码错误' },
  TWO_FACTOR_REUSED: { status: 401, message: '这个验证码已经用过，请等验证器显示下一个验证码' },
  RECOVERY_CODE_INVALID: { status: 401, message: '恢复码错误或已经用过' },
  LOGIN_CHALLENGE_EXPIRED: { status: 401, message: '登录验证已超时，请重新输入用户名和密码' },
  LOGIN_STEP_MISMATCH: { status: 409, message: '请先完成当前的登录步骤' },
  TWO_FACTOR_REQUIRED: { status: 400, message: '您的角色必须使用两步验证，不能关闭' },
  TWO_FACTOR_ALREADY_ENABLED: { status: 409, message: '已开启两步验证' },
  TWO_FACTOR_NOT_ENABLED: { status: 409, message: '尚未开启两步验证' },
  ROLE_NOT_ALLOWED: { status: 403, message: '不能创建或授予该角色' },
  OUT_OF_SCOPE: { status: 403, message: '超出您的管辖范围' },
  FORBIDDEN: { status: 403, message: '没有进行此操作的权限' },
  CSRF_REJECTED: { status: 403, message: '请求来源校验失败，请刷新页面后重试' },
  NOT_FOUND: { status: 404, message: '请求的内容不存在' },
  ROUTE_NOT_FOUND: { status: 404, message: '请求的接口不存在' },
  REGION_NOT_FOUND: { status: 404, message: '行政区划不存在或不在您的管辖范围内' },
  METHOD_NOT_ALLOWED: { status: 405, message: '不支持的请求方法' },
  CONFLICT: { status: 409, message: '数据已被修改或与现有数据冲突' },
  USERNAME_TAKEN: { status: 409, message: '用户名已被使用' },
  VOLUNTEER_EXISTS: { status: 409, message: '该身份证号已登记' },
  VOLUNTEER_ELSEWHERE: { status: 409, message: '已在其他地区登记' },
  PHONE_TAKEN: { status: 409, message: '该手机号已被其他志愿者使用' },
  ACTIVATION_INVALID: { status: 400, message: '激活码无效或已过期，请向服务站重新领取' },
  FILE_REJECTED: { status: 400, message: '文件不符合要求' },
  RATE_LIMITED: { status: 429, message: '操作过于频繁，请稍后再试' },
  INTERNAL: { status: 500, message: '服务器内部错误，请稍后重试' },
  UNAVAILABLE: { status: 503, message: '服务暂时不可用，请稍后重试' },
} as const satisfies Record<string, { status: number; message: string }>;

export type ErrorCode = keyof typeof errorCatalog;

export interface ErrorBody {
  /** `details` carries a follow-up the client can act on (e.g. the existing record's id), never personal data. */
  error: { code: ErrorCode; message: string; field?: string; details?: Record<string, unknown> };
}
