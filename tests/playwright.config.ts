import { defineConfig, devices } from '@playwright/test';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_ARGS, chromiumExecutable } from './chromium';
import { CLASS_LRS_PORT, lrsEnv } from './e2e/lrs-server';

// 4173 is the port `npm start` serves on; another may be set to run two checkouts side by side.
const port = Number(process.env.E2E_PORT ?? 4173);

export default defineConfig({
	testDir: './e2e',
	// The static-host journey needs its own server: playwright.static.config.ts runs it.
	testIgnore: ['static-host.spec.ts', 'lrs-static-host.spec.ts'],
	outputDir: '../test-results',
	fullyParallel: true,
	workers: process.env.CI ? 2 : undefined,
	retries: 0,
	reporter: process.env.CI ? 'list' : [['list']],
	use: {
		...devices['Desktop Chrome'],
		baseURL: `http://localhost:${port}`,
		trace: 'off',
		// The service worker precaches the whole app; only the offline journey needs it (it opts in).
		serviceWorkers: 'block',
		launchOptions: { executablePath: chromiumExecutable, args: CHROMIUM_ARGS }
	},
	webServer: [
		{
			// `npm test` builds first; the preview serves that build as `npm start` does.
			command: `npx vite preview --port ${port} --strictPort`,
			cwd: '..',
			url: `http://localhost:${port}`,
			reuseExistingServer: !process.env.CI,
			timeout: 60_000
		},
		{
			// The classes' LRS (issue 11): Learning Locker's statement service, in memory. Never reused, so no
			// run reads another's statements; the journeys that stop it or check keys start their own.
			command: 'node node_modules/xapi-statements/dist/server.js',
			cwd: '..',
			env: lrsEnv({
				port: CLASS_LRS_PORT,
				dir: join(tmpdir(), `service-roleplay-e2e-lrs-${CLASS_LRS_PORT}`)
			}),
			url: `http://127.0.0.1:${CLASS_LRS_PORT}/xAPI/about`,
			reuseExistingServer: false,
			stdout: 'ignore',
			stderr: 'pipe',
			// Its start loads the AWS SDK among others: seconds on a busy machine.
			timeout: 60_000
		}
	]
});
