// ESLint flat config. Type-aware rules (floating promises) use the TypeScript project service.
// The layering table of ARCHITECTURE.md ("what each package may import") is enforced here too.
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';

/** ARCHITECTURE.md, "Packages": which workspace packages each package may import. */
const mayImport = {
  api: [],
  events: ['api'],
  bus: ['events', 'api'],
  store: ['api', 'events'],
  xds: ['api'],
  rest: ['api'],
  pki: ['api'],
  'zone-cp': ['api', 'events', 'bus', 'xds', 'rest', 'pki'],
  'global-cp': ['api', 'events', 'bus', 'store', 'rest', 'pki'],
  dp: ['api', 'xds'],
  ctl: ['api'],
  cp: ['api', 'zone-cp', 'global-cp'],
};
const allPackages = [...Object.keys(mayImport), 'testing'];

const crossPackageSrc = {
  group: ['@kumiko/*/src', '@kumiko/*/src/**', '**/packages/*/src/**', '../../*/src/**'],
  message: "Import another package only through its public door ('@kumiko/<name>'), never its src/.",
};

/** Test clients, fakes and fixtures live in packages/<name>/test-support/, for tests only. */
const testSupport = {
  group: ['**/test-support/**', '@kumiko/*/test-support'],
  message: 'Production code never imports test support; only *.test.ts files, test/, bench/ and scripts/ do.',
};

export default tseslint.config(
  { ignores: ['**/node_modules/**', '.types/**', 'packages/xds/src/generated/**', '.kumiko/**', '**/.scratch/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { 'import-x': importX },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        {
          // node:test's describe/it return promises the runner itself awaits.
          allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite'] }],
        },
      ],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      // One private-member style: TypeScript's `private`, never ECMAScript `#private`.
      'no-restricted-syntax': [
        'error',
        { selector: 'PrivateIdentifier', message: 'Use a TypeScript `private` member instead of a #private one.' },
      ],
      'no-restricted-imports': ['error', { patterns: [crossPackageSrc] }],
    },
  },
  ...Object.entries(mayImport).map(([pkg, allowed]) => ({
    files: [`packages/${pkg}/src/**/*.ts`],
    ignores: [`packages/${pkg}/src/**/*.test.ts`],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            crossPackageSrc,
            testSupport,
            {
              group: allPackages.filter((name) => name !== pkg && !allowed.includes(name)).map((name) => `@kumiko/${name}`),
              message: `ARCHITECTURE.md: packages/${pkg} may import only ${allowed.length ? allowed.map((a) => `@kumiko/${a}`).join(', ') : 'nothing of ours'}.`,
            },
          ],
        },
      ],
    },
  })),
);
