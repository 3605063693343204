import packageJson from '../../package.json' with { type: 'json' };

/** This build's version: `cyrus --version`, and the tag `cyrus init` pins the action to. */
export const CLI_VERSION: string = packageJson.version;

/** The action reference a generated workflow uses, pinned to this release. */
export const ACTION_REF = `cyrus/codegen-action@v${CLI_VERSION}`;
