// The built app on a plain static host (tests/static-server.ts): no redirects, no rewrites, no fallback page,
// at the root and under a sub-path. `npm run test:e2e` runs it after the main config, on the same build.
import { defineConfig, devices } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumExecutable } from './chromium';

const port = Number(process.env.E2E_STATIC_PORT ?? 4194);

export default defineConfig({
	testDir: './e2e',
	// The class join link's journey needs the same host (issue 11).
	testMatch: ['static-host.spec.ts', 'lrs-static-host.spec.ts'],
	// Its own folder: the main run's results in test-results/ stay.
	outputDir: '../test-results/static-host',
	fullyParallel: true,
	workers: process.env.CI ? 2 : undefined,
	retries: 0,
	reporter: 'list',
	use: {
		...devices['Desktop Chrome'],
		baseURL: `http://localhost:${port}`,
		trace: 'off',
		serviceWorkers: 'block',
		launchOptions: { executablePath: chromiumExecutable, args: CHROMIUM_ARGS }
	},
	webServer: {
		command: `npx tsx tests/static-server.ts build ${port} /training`,
		cwd: '..',
		url: `http://localhost:${port}/`,
		reuseExistingServer: !process.env.CI,
		timeout: 60_000
	}
});
