import { z } from 'zod';

// Validation messages in Chinese wherever a schema is used, on the server and in the browser.
z.config(z.locales.zhCN());

export { z };
