import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Outside workflows/, a workflow is reached through its contract, never by importing its implementation. */
const CONTRACTS_ONLY = {
  group: [
    '**/workflows/*/workflow',
    '**/workflows/*/state',
    '**/workflows/*/handlers',
    '**/workflows/*/steps',
  ],
  message: 'Import the workflow contract (workflows/<feature>/contract.ts), not its implementation.',
};

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'data/**',
      'prisma/generated/**',
      'test/artifacts/**',
      'jest.config.js',
      'test/support/*.js',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    // Workflow code is replayed: it imports contracts, domain/ and the shared workflow helpers, and from the
    // activities only their types (the proxies); never I/O, the API, configuration or Prisma.
    files: ['workflows/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/activities', '**/activities/**'],
              allowTypeImports: true,
              message:
                'Workflow code may import only the types of activities (proxyActivities does the rest).',
            },
            {
              group: [
                '**/api/**',
                '**/stack/**',
                '**/templates/**',
                '**/prisma/**',
                'pg',
                'node:*',
                '@prisma/*',
              ],
              message: 'Workflow code must stay deterministic: no I/O, configuration or database here.',
            },
            {
              group: ['@temporalio/*', '!@temporalio/workflow'],
              message: 'Workflows use @temporalio/workflow only.',
            },
          ],
        },
      ],
    },
  },
  {
    // domain/ is pure: decisions tested without Temporal or a database, shared by workflows, pages and mail.
    files: ['domain/**/*.ts'],
    ignores: ['domain/**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '**/activities/**',
                '**/api/**',
                '**/stack/**',
                '**/workflows/**',
                '**/templates/**',
                '**/prisma/generated/**',
                '@temporalio/*',
                '@prisma/*',
                'pg',
                'node:*',
              ],
              message: 'domain/ holds pure logic: it imports nothing with side effects.',
            },
          ],
        },
      ],
    },
  },
  {
    // Activities and stores send workflows messages through their contracts, never by importing an implementation.
    files: ['activities/**/*.ts', 'stores/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [CONTRACTS_ONLY],
        },
      ],
    },
  },
  {
    // Routes and pages reach the database only through stores/ (named queries a reader can find and reuse);
    // they never import Prisma or call the client themselves.
    files: ['api/**/*.ts'],
    ignores: ['api/**/*.test.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='db'], MemberExpression[object.property.name='db']",
          message: 'Routes do not query the database: call a function of stores/<feature>/ instead.',
        },
      ],
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          patterns: [
            CONTRACTS_ONLY,
            {
              group: ['**/prisma/**', '@prisma/*', 'pg'],
              message:
                'Routes do not import Prisma: the stores in stores/<feature>/ read and write for them.',
            },
          ],
        },
      ],
    },
  },
  {
    // Tests read JSON answers whose shape the assertions themselves check.
    files: ['**/*.test.ts', 'test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
