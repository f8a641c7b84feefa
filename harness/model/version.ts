/** crisp's own version, from package.json. */
import packageJson from '../../package.json' with { type: 'json' };

export const CRISP_VERSION: string = packageJson.version;
