import { defineConfig, devices } from '@playwright/test';
import { CHROMIUM_ARGS, chromiumExecutable } from './chromium';

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
	webServer: {
		// `npm test` builds first; the preview serves that build as `npm start` does.
		command: `npx vite preview --port ${port} --strictPort`,
		cwd: '..',
		url: `http://localhost:${port}`,
		reuseExistingServer: !process.env.CI,
		timeout: 60_000
	}
});
