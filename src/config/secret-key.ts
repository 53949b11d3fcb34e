import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomSecret } from '../core/crypto.ts';
import type { Logger } from '../core/log.ts';
import { type Config, withOverrides } from './config.ts';

/**
 * Development fallback of design.md §4: with no SECRET_KEY, a random one is written once to the data directory
 * (mode 0600) and reused, so encrypted values stay readable across restarts. A warning says so.
 */
export function resolveSecretKey(config: Config, log: Logger): Config {
  if (config.secretKey) return config;
  const path = join(config.dataDir, 'secret_key');
  if (!existsSync(path)) {
    mkdirSync(config.dataDir, { recursive: true });
    writeFileSync(path, `${randomSecret(48)}\n`, { mode: 0o600, flag: 'wx' });
    log.warn(
      { path },
      'SECRET_KEY is not set; generated a development key in the data directory (set SECRET_KEY in production)',
    );
  } else {
    log.info({ path }, 'SECRET_KEY is not set; using the development key in the data directory');
  }
  chmodSync(path, 0o600);
  return withOverrides(config, { secretKey: readFileSync(path, 'utf8').trim() });
}
