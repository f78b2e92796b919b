// Journey: guessing the instructor's passcode is slow. Each wrong code makes the next try wait longer, a
// reload does not reset the wait, and a new passcode must be long enough to be worth guessing.
import { expect, test, type Page } from '@playwright/test';

const CODE = 'chalk-and-talk-42';

async function chooseCode(page: Page, code = CODE) {
	await page.getByLabel('New passcode').fill(code);
	await page.getByLabel('Repeat the passcode').fill(code);
	await page.getByRole('button', { name: 'Save passcode and open' }).click();
}

/** The stored passcode record, read straight from IndexedDB as the app left it. */
const storedPasscode = (page: Page) =>
	page.evaluate(
		() =>
			new Promise<{ iterations: number; salt: string; hash: string } | undefined>((resolve, reject) => {
				const open = indexedDB.open('service-roleplay');
				open.onerror = () => reject(open.error);
				open.onsuccess = () => {
					const get = open.result.transaction('settings').objectStore('settings').get('instructorPasscode');
					get.onsuccess = () => {
						resolve((get.result as { value?: never } | undefined)?.value);
						open.result.close();
					};
				};
			})
	);

test('each wrong passcode makes the next try wait longer, and a reload does not reset the wait', async ({
	page
}) => {
	await page.clock.install();
	await page.goto('/instructor');
	await chooseCode(page);
	await expect(page.getByRole('navigation', { name: 'Instructor area' })).toBeVisible();
	await page.reload();
	// Time stands still from here but for the jumps below: on a busy machine a second of real time could pass
	// between a refusal and the check of its countdown.
	await page.clock.pauseAt(Date.now() + 60_000);

	const passcode = page.getByLabel('Passcode', { exact: true });
	const open = page.getByRole('button', { name: 'Open the instructor area' });
	const wrong = async (guess: string) => {
		await passcode.fill(guess);
		await open.click();
		await expect(page.getByRole('alert')).toContainText('That passcode is not right');
	};

	await wrong('not-the-code-1');
	await expect(page.getByText('Try again in 1 second.')).toBeVisible();
	await expect(open).toBeDisabled();
	await page.clock.fastForward(1_000);
	await expect(open).toBeEnabled();
	await expect(page.getByText(/Try again in/)).toHaveCount(0);

	await wrong('not-the-code-2');
	await expect(page.getByText('Try again in 2 seconds.')).toBeVisible();
	await expect(open).toBeDisabled();
	await page.clock.fastForward(1_000);
	await expect(page.getByText('Try again in 1 second.')).toBeVisible();
	await expect(open).toBeDisabled();
	await page.clock.fastForward(1_000);
	await expect(open).toBeEnabled();

	await wrong('not-the-code-3');
	await expect(page.getByText('Try again in 4 seconds.')).toBeVisible();

	// The wait is kept on the device, not in the page: a reload still shows it, with the button disabled.
	await page.reload();
	await expect(page.getByRole('heading', { name: 'Enter your passcode' })).toBeVisible();
	await expect(page.getByText(/Try again in [1-4] seconds?\./)).toBeVisible();
	await expect(open).toBeDisabled();
	// Even the right code, submitted with Enter, is not tried during the wait.
	await passcode.fill(CODE);
	await passcode.press('Enter');
	await expect(page.getByRole('navigation', { name: 'Instructor area' })).toHaveCount(0);

	await page.clock.fastForward(4_000);
	await expect(open).toBeEnabled();
	await passcode.fill(CODE);
	await open.click();
	await expect(page.getByRole('navigation', { name: 'Instructor area' })).toBeVisible();

	// The right code clears the count: the next wrong one waits 1 second again.
	await page.getByRole('button', { name: 'Lock the instructor area' }).click();
	await wrong('not-the-code-4');
	await expect(page.getByText('Try again in 1 second.')).toBeVisible();
});

test('the wait reads the same in Chinese', async ({ page }) => {
	await page.clock.install();
	await page.goto('/zh/instructor');
	await page.getByLabel('新口令').fill(CODE);
	await page.getByLabel('再次输入口令').fill(CODE);
	await page.getByRole('button', { name: '保存口令并进入' }).click();
	await page.getByRole('button', { name: '锁定教师区' }).click();
	// As above: time stands still, so a busy machine cannot run the one-second wait out before the check.
	await page.clock.pauseAt(Date.now() + 60_000);
	await page.getByLabel('口令', { exact: true }).fill('not-the-code');
	await page.getByRole('button', { name: '进入教师区' }).click();
	await expect(page.getByRole('alert')).toContainText('口令不正确');
	await expect(page.getByText('请在 1 秒后重试。')).toBeVisible();
	await expect(page.getByRole('button', { name: '进入教师区' })).toBeDisabled();
});

test('a new passcode needs at least 8 characters, or 6 digits for a PIN', async ({ page }) => {
	await page.goto('/instructor');
	await expect(page.getByText('at least 8 characters, or a PIN of at least 6 digits')).toBeVisible();
	for (const short of ['abcd', 'abc1234', '12345']) {
		await chooseCode(page, short);
		await expect(page.getByRole('alert')).toContainText(
			'The passcode needs at least 8 characters, or 6 digits if it is only digits.'
		);
		await expect(page.getByRole('navigation', { name: 'Instructor area' })).toHaveCount(0);
	}
	await chooseCode(page, '204816');
	await expect(page.getByRole('navigation', { name: 'Instructor area' })).toBeVisible();
	expect((await storedPasscode(page))?.iterations).toBe(600_000);
});

test('a passcode stored at the older 210,000 iterations still opens, and is stored again at 600,000', async ({
	page
}) => {
	await page.goto('/instructor');
	await expect(page.getByRole('heading', { name: 'Choose a passcode' })).toBeVisible();
	// The gate reads without opening the store, so a fresh browser has no database yet; the profile page opens
	// it, as any visit by an earlier version had.
	await page.goto('/profile/');
	await expect(page.getByLabel('Name of a new trainee')).toBeVisible();
	// What an earlier version of the app stored: a salted PBKDF2-SHA256 hash at 210,000 iterations.
	await page.evaluate(async (code) => {
		while (!(await indexedDB.databases()).some((d) => d.name === 'service-roleplay'))
			await new Promise((resolve) => setTimeout(resolve, 50));
		const salt = crypto.getRandomValues(new Uint8Array(16));
		const key = await crypto.subtle.importKey('raw', new TextEncoder().encode(code), 'PBKDF2', false, [
			'deriveBits'
		]);
		const bits = await crypto.subtle.deriveBits(
			{ name: 'PBKDF2', hash: 'SHA-256', salt, iterations: 210_000 },
			key,
			256
		);
		const base64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
		const value = { salt: base64(salt), hash: base64(new Uint8Array(bits)), iterations: 210_000 };
		await new Promise<void>((resolve, reject) => {
			const open = indexedDB.open('service-roleplay');
			open.onerror = () => reject(open.error);
			open.onsuccess = () => {
				const tx = open.result.transaction('settings', 'readwrite');
				tx.objectStore('settings').put({ key: 'instructorPasscode', value });
				tx.oncomplete = () => {
					open.result.close();
					resolve();
				};
				tx.onerror = () => reject(tx.error);
			};
		});
	}, CODE);

	await page.goto('/instructor');
	await page.getByLabel('Passcode', { exact: true }).fill(CODE);
	const started = Date.now();
	await page.getByRole('button', { name: 'Open the instructor area' }).click();
	await expect(page.getByRole('navigation', { name: 'Instructor area' })).toBeVisible();
	const unlockMs = Date.now() - started;
	await expect.poll(async () => (await storedPasscode(page))?.iterations).toBe(600_000);

	// Stored again at the new count, the same code opens the area after a reload, and that unlock is timed.
	await page.reload();
	await page.getByLabel('Passcode', { exact: true }).fill(CODE);
	const again = Date.now();
	await page.getByRole('button', { name: 'Open the instructor area' }).click();
	await expect(page.getByRole('navigation', { name: 'Instructor area' })).toBeVisible();
	test.info().annotations.push({
		type: 'unlock time',
		description: `210k hash, re-hashed on the way: ${unlockMs} ms; 600k hash: ${Date.now() - again} ms`
	});
});
