/* trellis search: the search form over the static, sharded index of
	 generator/search. Without it the page keeps its A to Z list. */
(() => {
	'use strict';
	// = search.FoldTable in Go (a test checks).
	const FOLD_TABLE = "a:àáâãäåāăą ae:æ c:çćĉċč d:ðďđ e:èéêëēĕėęě g:ĝğġģ h:ĥħ i:ìíîïĩīĭįı ij:ĳ j:ĵ k:ķĸ l:ĺļľŀł n:ñńņňŉŋ o:òóôõöøōŏő oe:œ r:ŕŗř s:śŝşšſș ss:ß t:ţťŧț th:þ u:ùúûüũūŭůűų w:ŵ y:ýÿŷ z:źżž σ:ς";
	const ALPHA = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
	const FOLD = {}, VAL = {};
	FOLD_TABLE.split(' ').forEach(g => { const [to, from] = g.split(':'); for (const c of from) FOLD[c] = to; });
	for (let i = 0; i < 64; i++) VAL[ALPHA[i]] = i;
	let WORD, MARK;
	try {
		WORD = new RegExp('[\\p{L}\\p{N}\\p{M}]+', 'gu');
		MARK = new RegExp('\\p{Mn}', 'gu');
	} catch (e) { // old browser
		WORD = /[0-9a-z\u00aa-\uffff]+/g;
		MARK = /[\u0300-\u036f]/g;
	}
	const len = s => Array.from(s).length;
	const cut = (s, n) => Array.from(s).slice(0, n).join('');

	// As Go's normalize: lowercase, no combining marks, diacritics folded.
	const normalize = s => s.toLowerCase().replace(MARK, '').replace(/[^\x00-\x7f]/g, c => FOLD[c] || c);

	// decode reads a page list (Go: EncodeList).
	function decode(s) {
		const out = [];
		let i = 1;
		const num = () => {
			let n = 0, mul = 1, c;
			do { c = VAL[s[i++]]; n += (c & 31) * mul; mul *= 32; } while (c & 32);
			return n;
		};
		if (s[0] === 'd') {
			for (let p = -1; i < s.length;) out.push(p += num() + 1);
		} else if (s[0] === 'r') {
			for (let next = 0; i < s.length;) {
				const a = next + num(), l = num();
				for (let k = 0; k <= l; k++) out.push(a + k);
				next = a + l + 1;
			}
		} else if (s[0] === 'b') {
			for (let base = num(); i < s.length; i++, base += 6) {
				for (let k = 0; k < 6; k++) if (VAL[s[i]] >> k & 1) out.push(base + k);
			}
		}
		return out;
	}

	const shardFile = key => /^[a-z0-9]+$/.test(key) ? key :
		'_' + Array.from(new TextEncoder().encode(key), b => (b < 16 ? '0' : '') + b.toString(16)).join('');

	// makeIndex: meta is meta.json; get("t/bi.json") resolves to a file's JSON.
	function makeIndex(meta, get) {
		const stop = new Set(meta.stop);
		const keys = meta.shards ? meta.shards.split(' ') : [];
		const keySet = new Set(keys);
		const facets = {}, sets = {};
		const kindOf = [];
		meta.facets.forEach(f => {
			facets[f.name] = f;
			if (f.name === 'kind') f.values.forEach((v, k) => decode(v.p).forEach(p => { kindOf[p] = k; }));
		});
		const facetSet = (name, v) => sets[name + '\n' + v] = sets[name + '\n' + v] ||
			new Set(decode(((facets[name] || { values: [] }).values.find(x => x.v === v) || { p: 'd' }).p));
		const stem = w => !meta.stem ? w :
			len(w) > 4 && w.endsWith('ies') ? w.slice(0, -3) + 'y' :
			len(w) > 3 && /s$/.test(w) && !/(ss|us|is)$/.test(w) ? w.slice(0, -1) : w;
		const keep = w => len(w) >= 2 && len(w) <= 40 && !stop.has(w);
		// As Go's (*Index).ParseQuery.
		function parse(q) {
			const n = normalize(q), all = n.match(WORD) || [];
			const open = all.length > 0 && n.endsWith(all[all.length - 1]);
			const out = [];
			all.forEach((w, i) => { if (keep(w)) out.push({ raw: w, key: stem(w), prefix: open && i === all.length - 1 }); });
			return out;
		}
		const longest = w => {
			for (let n = len(w); n >= 2; n--) if (keySet.has(cut(w, n))) return cut(w, n);
			return '';
		};
		function shardsFor(w) {
			const out = [longest(w.key)];
			if (w.prefix) {
				out.push(longest(w.raw));
				keys.forEach(k => { if (len(k) > len(w.raw) && k.startsWith(w.raw)) out.push(k); });
			}
			return out.filter((k, i) => k && out.indexOf(k) === i);
		}
		// As Go's (*Index).Search: [[page, score], ...] best first, or null.
		async function search(q, filters) {
			const words = parse(q);
			const active = Object.keys(filters).filter(k => filters[k]);
			if (!words.length && !active.length) return null;
			const shards = await Promise.all(words.map(w => Promise.all(shardsFor(w).map(k => get('t/' + shardFile(k) + '.json')))));
			let scores = null;
			words.forEach((w, i) => {
				const s = new Map();
				shards[i].forEach(sh => Object.keys(sh).forEach(term => {
					const mult = term === w.key ? 2 : w.prefix && term.startsWith(w.raw) ? 1 : 0;
					if (mult) sh[term].forEach(g => decode(g[1]).forEach(p => { if (!(s.get(p) >= g[0] * mult)) s.set(p, g[0] * mult); }));
				}));
				if (!scores) scores = s;
				else scores.forEach((v, p) => { if (s.has(p)) scores.set(p, v + s.get(p)); else scores.delete(p); });
			});
			if (!scores) {
				scores = new Map();
				for (let p = 0; p < meta.pages; p++) scores.set(p, 0);
			}
			active.forEach(name => {
				const ok = facetSet(name, filters[name]);
				scores.forEach((v, p) => { if (!ok.has(p)) scores.delete(p); });
			});
			return Array.from(scores).sort((a, b) => b[1] - a[1] || a[0] - b[0]);
		}
		function entries(pages) {
			const frag = p => Math.floor(p / meta.fragment);
			const ns = Array.from(new Set(pages.map(frag)));
			return Promise.all(ns.map(n => get('p/' + n + '.json'))).then(fs => pages.map(p => fs[ns.indexOf(frag(p))][p % meta.fragment]));
		}
		// matches: does a word as written match a query word?
		const matches = (token, words) => {
			const t = normalize(token), k = stem(t);
			return words.some(w => k === w.key || (w.prefix && t.startsWith(w.raw)));
		};
		return { facets, kindOf, parse, shardsFor, search, entries, matches };
	}

	if (typeof module === 'object' && module.exports) {
		module.exports = { normalize, decode, shardFile, makeIndex };
		return;
	}

	const PAGE = 20;
	const TEXT = {
		kind: 'Kind', status: 'Status', intent: 'Intent', system: 'System', any: 'All',
		results: '{n} results', one: '1 result', none: 'No results', more: 'Show more',
		error: 'Search is not available right now.'
	};
	const el = (tag, cls, text) => {
		const e = document.createElement(tag);
		if (cls) e.className = cls;
		if (text != null) e.textContent = text;
		return e;
	};
	// highlight appends text to parent, matching words in <mark>.
	function highlight(parent, text, ix, words) {
		const re = new RegExp(WORD.source, WORD.flags), add = s => parent.appendChild(document.createTextNode(s));
		let last = 0, m;
		while ((m = re.exec(text))) {
			if (!ix.matches(m[0], words)) continue;
			add(text.slice(last, m.index));
			parent.appendChild(el('mark', '', m[0]));
			last = m.index + m[0].length;
		}
		add(text.slice(last));
	}

	const form = document.querySelector('form[data-index]');
	const input = form && form.querySelector('input[name="q"]');
	if (!input || !window.fetch) return;
	const base = form.getAttribute('data-index').replace(/\/?$/, '/');
	const L = {};
	Object.keys(TEXT).forEach(k => { L[k] = form.getAttribute('data-l-' + k) || TEXT[k]; });
	// The page gives #search-status (role=status) and #search-results; else they are made here.
	const region = (id, tag) => document.getElementById(id) || form.after(Object.assign(el(tag), { id })) || document.getElementById(id);
	const results = region('search-results', 'div');
	const status = region('search-status', 'p');
	status.setAttribute('role', 'status');
	const cache = new Map();
	const get = path => {
		if (!cache.has(path)) {
			cache.set(path, fetch(base + path).then(r => {
				if (!r.ok) throw new Error(path + ': ' + r.status);
				return r.json();
			}).catch(e => { cache.delete(path); throw e; }));
		}
		return cache.get(path);
	};

	get('meta.json').then(meta => {
		const ix = makeIndex(meta, get);
		const params = new URLSearchParams(location.search);
		const selects = {};
		const box = form.querySelector('[data-filters]') || form;
		const submit = box === form ? form.querySelector('[type="submit"]') : null;
		['kind', 'status', 'intent', 'system'].forEach(name => {
			const f = ix.facets[name];
			if (!f || f.values.length < 2) return;
			const wrap = el('span', 'search-filter'), label = el('label', '', L[name]), sel = el('select');
			sel.name = name;
			sel.id = label.htmlFor = 'filter-' + name;
			sel.appendChild(el('option', '', L.any)).value = '';
			f.values.forEach(v => { sel.appendChild(el('option', '', v.l)).value = v.v; });
			sel.value = params.get(name) || '';
			sel.addEventListener('change', () => update(true));
			wrap.append(label, sel);
			box.insertBefore(wrap, submit);
			selects[name] = sel;
		});
		input.value = params.get('q') || input.value;
		form.hidden = false;

		let seq = 0, timer = 0, shown = PAGE, found = null, words = [];
		const filters = () => {
			const f = {};
			Object.keys(selects).forEach(k => { if (selects[k].value) f[k] = selects[k].value; });
			return f;
		};
		function update(now) {
			clearTimeout(timer);
			if (!now) { timer = setTimeout(update, 180, true); return; }
			const q = input.value, f = filters(), n = ++seq;
			const usp = new URLSearchParams(f);
			if (q.trim()) usp.set('q', q);
			history.replaceState(null, '', usp.toString() ? '?' + usp : location.pathname);
			ix.search(q, f).then(res => {
				if (n !== seq) return;
				found = res;
				words = ix.parse(q);
				shown = PAGE;
				return show(n, -1);
			}).catch(() => {
				if (n === seq) { results.textContent = ''; status.textContent = L.error; }
			});
		}
		function show(n, focusAt) {
			if (!found) { results.textContent = status.textContent = ''; return; }
			const top = found.slice(0, shown);
			return ix.entries(top.map(r => r[0])).then(es => {
				if (n !== seq) return;
				const count = {}, groups = {};
				found.forEach(r => { const k = ix.kindOf[r[0]]; count[k] = (count[k] || 0) + 1; });
				es.forEach(e => { (groups[e.k] = groups[e.k] || []).push(e); });
				const out = document.createDocumentFragment();
				const label = (facet, i) => ix.facets[facet].values[i].l;
				ix.facets.kind.values.forEach((kind, k) => {
					if (!groups[k]) return;
					const sec = el('section', 'search-group'), h = el('h2', '', kind.l + ' '), ol = el('ol', 'search-list');
					h.appendChild(el('span', 'count', '(' + count[k] + ')'));
					groups[k].forEach(e => {
						const li = el('li'), a = el('a', 'search-title');
						a.href = e.u;
						highlight(a, e.t, ix, words);
						li.appendChild(a);
						if (e.e) {
							const p = el('p', 'search-excerpt');
							highlight(p, e.e, ix, words);
							li.appendChild(p);
						}
						const facts = (e.s != null ? [label('status', e.s)] : [])
							.concat((e.i || []).map(i => label('intent', i)), (e.y || []).map(i => label('system', i)));
						if (facts.length) li.appendChild(el('p', 'meta', facts.join(' · ')));
						ol.appendChild(li);
					});
					sec.append(h, ol);
					out.appendChild(sec);
				});
				if (found.length > shown) {
					const more = out.appendChild(el('button', 'search-more', L.more));
					more.type = 'button';
					more.addEventListener('click', () => {
						const at = shown;
						shown += PAGE;
						show(seq, at);
					});
				}
				results.textContent = '';
				results.appendChild(out);
				status.textContent = !found.length ? L.none : found.length === 1 ? L.one : L.results.replace('{n}', found.length);
				const links = results.querySelectorAll('a');
				if (links[focusAt]) links[focusAt].focus();
			});
		}
		input.addEventListener('input', () => update(false));
		form.addEventListener('submit', e => { e.preventDefault(); update(true); });
		// Arrows move between the box and the results; Escape goes back.
		document.addEventListener('keydown', e => {
			const links = Array.from(results.querySelectorAll('a'));
			const i = links.indexOf(document.activeElement);
			if (i < 0 && document.activeElement !== input) return;
			const j = e.key === 'ArrowDown' ? i + 1 : e.key === 'ArrowUp' ? i - 1 : e.key === 'Escape' && i >= 0 ? -1 : -2;
			if (j < -1 || j >= links.length) return;
			e.preventDefault();
			(j < 0 ? input : links[j]).focus();
		});
		if (input.value.trim() || Object.keys(filters()).length) update(true);
	}).catch(() => {});
})();
