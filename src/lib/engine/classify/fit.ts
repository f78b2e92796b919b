// L2-regularised logistic regression (softmax over several labels, or one yes/no), fitted by L-BFGS.
// Deterministic: the same rows in the same order give the same weights. Used by npm run train, never shipped.

/** One training row: sparse feature columns and their values. */
export interface Row {
	index: Int32Array;
	value: Float64Array;
}

export interface FitOptions {
	/** L2 penalty on the weights (not on the biases). */
	l2: number;
	/** Per-row weights (1 when absent). */
	rowWeights?: readonly number[];
	/** Per-row scores added to the logits before the model's own (a base model the fit corrects). */
	offsets?: readonly (readonly number[])[];
	maxIterations?: number;
}

/** A linear model: `weights[feature * classes + k]`; `classes` is 1 for a yes/no model (a logit). */
export interface Linear {
	classes: number;
	features: number;
	bias: Float64Array;
	weights: Float64Array;
}

/** Fits a softmax model over `classes` labels (`labels[i]` in 0…classes-1), or a logistic one when classes is 1. */
export function fit(
	rows: readonly Row[],
	labels: readonly number[],
	features: number,
	classes: number,
	options: FitOptions
): Linear {
	const K = classes;
	const dim = features * K + K;
	const weightOf = (i: number) => options.rowWeights?.[i] ?? 1;
	const scores = new Float64Array(Math.max(K, 1));

	function objective(x: Float64Array, grad: Float64Array): number {
		grad.fill(0);
		let loss = 0;
		const biasAt = features * K;
		for (let i = 0; i < rows.length; i++) {
			const row = rows[i]!;
			const rw = weightOf(i);
			if (!rw) continue;
			const offset = options.offsets?.[i];
			for (let k = 0; k < K; k++) scores[k] = x[biasAt + k]! + (offset?.[k] ?? 0);
			for (let j = 0; j < row.index.length; j++) {
				const base = row.index[j]! * K;
				const v = row.value[j]!;
				for (let k = 0; k < K; k++) scores[k]! += x[base + k]! * v;
			}
			if (K === 1) {
				const z = scores[0]!;
				const y = labels[i]!;
				// log(1 + e^-z) for y = 1, log(1 + e^z) for y = 0, computed without overflow.
				const m = y ? -z : z;
				loss += rw * (m > 0 ? m + Math.log1p(Math.exp(-m)) : Math.log1p(Math.exp(m)));
				const p = 1 / (1 + Math.exp(-z));
				scores[0] = rw * (p - y);
			} else {
				let max = -Infinity;
				for (let k = 0; k < K; k++) max = Math.max(max, scores[k]!);
				let total = 0;
				for (let k = 0; k < K; k++) total += Math.exp(scores[k]! - max);
				const logTotal = max + Math.log(total);
				loss += rw * (logTotal - scores[labels[i]!]!);
				for (let k = 0; k < K; k++)
					scores[k] = rw * (Math.exp(scores[k]! - logTotal) - (k === labels[i] ? 1 : 0));
			}
			for (let k = 0; k < K; k++) grad[biasAt + k]! += scores[k]!;
			for (let j = 0; j < row.index.length; j++) {
				const base = row.index[j]! * K;
				const v = row.value[j]!;
				for (let k = 0; k < K; k++) grad[base + k]! += scores[k]! * v;
			}
		}
		for (let d = 0; d < features * K; d++) {
			loss += 0.5 * options.l2 * x[d]! * x[d]!;
			grad[d]! += options.l2 * x[d]!;
		}
		return loss;
	}

	const x = lbfgs(objective, dim, options.maxIterations ?? 300);
	return { classes: K, features, bias: x.slice(features * K), weights: x.slice(0, features * K) };
}

/** The model's scores for a row: logits (softmax before normalising, or the one logit). */
export function logits(model: Linear, row: Row): Float64Array {
	const out = Float64Array.from(model.bias);
	for (let j = 0; j < row.index.length; j++) {
		const base = row.index[j]! * model.classes;
		for (let k = 0; k < model.classes; k++) out[k]! += model.weights[base + k]! * row.value[j]!;
	}
	return out;
}

/** Minimises f by limited-memory BFGS with a backtracking (Armijo) line search, starting from zero. */
function lbfgs(
	f: (x: Float64Array, g: Float64Array) => number,
	dim: number,
	maxIterations: number
): Float64Array {
	const memory = 8;
	let x = new Float64Array(dim);
	let g = new Float64Array(dim);
	let fx = f(x, g);
	const s: Float64Array[] = [];
	const y: Float64Array[] = [];
	const rho: number[] = [];
	const dot = (a: Float64Array, b: Float64Array) => {
		let t = 0;
		for (let i = 0; i < a.length; i++) t += a[i]! * b[i]!;
		return t;
	};
	const gnorm0 = Math.sqrt(dot(g, g)) || 1;
	const xNew = new Float64Array(dim);
	let gNew = new Float64Array(dim);
	for (let iter = 0; iter < maxIterations; iter++) {
		// Two-loop recursion: d = -H g.
		const d = Float64Array.from(g, (v) => -v);
		const alpha: number[] = [];
		for (let m = s.length - 1; m >= 0; m--) {
			const a = rho[m]! * dot(s[m]!, d);
			alpha[m] = a;
			for (let i = 0; i < dim; i++) d[i]! -= a * y[m]![i]!;
		}
		if (s.length) {
			const last = s.length - 1;
			const gamma = dot(s[last]!, y[last]!) / dot(y[last]!, y[last]!);
			for (let i = 0; i < dim; i++) d[i]! *= gamma;
		}
		for (let m = 0; m < s.length; m++) {
			const b = rho[m]! * dot(y[m]!, d);
			for (let i = 0; i < dim; i++) d[i]! += s[m]![i]! * (alpha[m]! - b);
		}
		let slope = dot(g, d);
		if (slope >= 0) {
			// Not a descent direction: restart from steepest descent.
			s.length = y.length = rho.length = 0;
			for (let i = 0; i < dim; i++) d[i] = -g[i]!;
			slope = dot(g, d);
		}
		let step = iter === 0 && !s.length ? 1 / Math.sqrt(dot(g, g)) : 1;
		let fNew = Infinity;
		for (let tries = 0; tries < 40; tries++) {
			for (let i = 0; i < dim; i++) xNew[i] = x[i]! + step * d[i]!;
			fNew = f(xNew, gNew);
			if (fNew <= fx + 1e-4 * step * slope) break;
			step *= 0.5;
		}
		if (!(fNew < fx)) break;
		const sk = new Float64Array(dim);
		const yk = new Float64Array(dim);
		for (let i = 0; i < dim; i++) {
			sk[i] = xNew[i]! - x[i]!;
			yk[i] = gNew[i]! - g[i]!;
		}
		const sy = dot(sk, yk);
		if (sy > 1e-12) {
			s.push(sk);
			y.push(yk);
			rho.push(1 / sy);
			if (s.length > memory) {
				s.shift();
				y.shift();
				rho.shift();
			}
		}
		const improvement = (fx - fNew) / Math.max(1, Math.abs(fx));
		x = Float64Array.from(xNew);
		[g, gNew] = [gNew, g];
		fx = fNew;
		if (Math.sqrt(dot(g, g)) / gnorm0 < 1e-5 || improvement < 1e-9) break;
	}
	return x;
}
