// ESLint flat config. Type-aware rules (floating promises) use the TypeScript project service.
// The layering table of DESIGN.md ("what each package may import") is enforced here too.
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';

/** DESIGN.md, "Packages": which workspace packages each package may import. */
const mayImport = {
  api: [],
  events: ['api'],
  bus: ['events', 'api'],
  store: ['api', 'events'],
  xds: ['api'],
  rest: ['api'],
  'zone-cp': ['api', 'events', 'bus', 'xds', 'rest'],
  'global-cp': ['api', 'events', 'bus', 'store', 'rest'],
  dp: ['api'],
  ctl: ['api'],
  cp: ['api', 'zone-cp', 'global-cp'],
};
const allPackages = [...Object.keys(mayImport), 'testing'];

const crossPackageSrc = {
  group: ['@kumiko/*/src', '@kumiko/*/src/**', '**/packages/*/src/**', '../../*/src/**'],
  message: "Import another package only through its public door ('@kumiko/<name>'), never its src/.",
};

export default tseslint.config(
  { ignores: ['**/node_modules/**', '.types/**', 'packages/xds/src/generated/**', '.kumiko/**', '**/.scratch/**'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { 'import-x': importX },
    rules: {
      '@typescript-eslint/no-floating-promises': ['error', {
        // node:test's describe/it return promises the runner itself awaits.
        allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['describe', 'it', 'test', 'suite'] }],
      }],
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'no-restricted-imports': ['error', { patterns: [crossPackageSrc] }],
    },
  },
  ...Object.entries(mayImport).map(([pkg, allowed]) => ({
    files: [`packages/${pkg}/src/**/*.ts`],
    ignores: [`packages/${pkg}/src/**/*.test.ts`],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          crossPackageSrc,
          {
            group: allPackages.filter((name) => name !== pkg && !allowed.includes(name)).map((name) => `@kumiko/${name}`),
            message: `DESIGN.md: packages/${pkg} may import only ${allowed.length ? allowed.map((a) => `@kumiko/${a}`).join(', ') : 'nothing of ours'}.`,
          },
        ],
      }],
    },
  })),
);
