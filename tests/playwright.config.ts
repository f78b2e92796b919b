import { existsSync } from 'node:fs';
import { chromium, defineConfig, devices } from '@playwright/test';

// Playwright's own Chromium when it is installed, Debian's otherwise (it cannot be downloaded here).
const bundled = (() => {
	try {
		return chromium.executablePath();
	} catch {
		return undefined;
	}
})();
const executablePath = bundled && existsSync(bundled) ? undefined : '/usr/bin/chromium';
// 4173 is the port `npm start` serves on; another may be set to run two checkouts side by side.
const port = Number(process.env.E2E_PORT ?? 4173);

export default defineConfig({
	testDir: './e2e',
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
		launchOptions: {
			executablePath,
			args: [
				'--no-sandbox',
				'--disable-gpu',
				'--disable-quic',
				'--no-first-run',
				'--disable-background-networking',
				'--disable-component-update',
				'--disable-sync'
			]
		}
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
