import pkg from '../../package.json';

/** The app version, taken from package.json at build time so every host reports the same one. */
export const APP_VERSION: string = pkg.version;
