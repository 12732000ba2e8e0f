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
	let WORD, WORDCHAR, MARK;
	try {
		WORD = new RegExp('[\\p{L}\\p{N}\\p{M}]+', 'gu');
		WORDCHAR = new RegExp('^[\\p{L}\\p{N}\\p{M}]$', 'u');
		MARK = new RegExp('\\p{Mn}', 'gu');
	} catch (e) { // old browser
		WORD = /[0-9a-z\u00aa-\uffff]+/g;
		WORDCHAR = /^[0-9a-z\u00aa-\uffff]$/;
		MARK = /[\u0300-\u036f]/g;
	}
	const len = s => Array.from(s).length;
	const cut = (s, n) => Array.from(s).slice(0, n).join('');

	// As Go's normalize: lowercase, no combining marks, diacritics folded.
	const normalize = s => s.toLowerCase().replace(MARK, '').replace(/[^\x00-\x7f]/g, c => FOLD[c] || c);

	// Snowball English ("Porter2", 2005), as Go's kljensen/snowball: for
	// words of ASCII letters and digits (Go: analyzer.stem).
	const EXC = {};
	('skis:ski skies:sky dying:die lying:lie tying:tie idly:idl gently:gentl ugly:ugli early:earli only:onli singly:singl ' +
		'sky news howe atlas cosmos bias andes inning innings:inning outing outings:outing canning cannings:canning ' +
		'herring herrings:herring earring earrings:earring').split(' ').forEach(e => { const [w, s] = e.split(':'); EXC[w] = s || w; });
	const S2 = 'ational:ate fulness:ful iveness:ive ization:ize ousness:ous biliti:ble lessli:less tional:tion alism:al aliti:al ation:ate ' +
		'entli:ent fulli:ful iviti:ive ousli:ous anci:ance abli:able alli:al ator:ate enci:ence izer:ize bli:ble ogi:og li:';
	const S3 = 'ational:ate tional:tion alize:al icate:ic ative: iciti:ic ical:ic ful: ness:';
	const S4 = 'ement ance ence able ible ment ent ant ism ate iti ous ive ize ion al er ic';
	const table = s => s.split(' ').map(e => e.split(':'));
	const T2 = table(S2), T3 = table(S3), T4 = table(S4);
	const isV = c => c !== undefined && 'aeiouy'.indexOf(c) >= 0;
	function porter2(word) {
		if (word.length <= 2) return word;
		if (EXC[word]) return EXC[word];
		const ceed = /^(pro|ex|suc)ceed(s|ed|ing)?$/.exec(word);
		if (ceed) return ceed[1] + 'ceed';
		let w = word.replace(/(^|[aeiouy])y/g, '$1Y');
		const vnv = from => { for (let j = from + 1; j < w.length; j++) if (isV(w[j - 1]) && !isV(w[j])) return j + 1; return w.length; };
		const pre = /^(gener|commun|arsen)/.exec(w);
		let r1 = pre ? pre[0].length : vnv(0), r2 = vnv(r1);
		// set replaces the word, keeping R1 and R2 within it.
		const set = s => { w = s; r1 = Math.min(r1, w.length); r2 = Math.min(r2, w.length); };
		const find = list => list.find(e => w.endsWith(e[0]));
		const shortAt = i => i === 2 ? isV(w[0]) && !isV(w[1]) :
			i >= 3 && !isV(w[i - 1]) && 'wxY'.indexOf(w[i - 1]) < 0 && isV(w[i - 2]) && !isV(w[i - 3]);
		// Step 1a.
		let m = /(sses|ie[ds]|us|ss|s)$/.exec(w);
		if (m) {
			const s = m[1];
			if (s === 'sses') set(w.slice(0, -2));
			else if (s[0] === 'i') set(w.slice(0, -3) + (w.length > 4 ? 'i' : 'ie'));
			else if (s === 's' && /[aeiouy]/.test(w.slice(0, -2))) set(w.slice(0, -1));
		}
		// Step 1b.
		m = /(eedly|ingly|edly|ing|eed|ed)$/.exec(w);
		if (m) {
			const s = m[1], n = s.length;
			if (s[1] === 'e') {
				if (w.length - n >= r1) set(w.slice(0, -n) + 'ee');
			} else if (/[aeiouy]/.test(w.slice(0, -n))) {
				const o1 = r1, o2 = r2;
				set(w.slice(0, -n));
				if (/(at|bl|iz)$/.test(w)) w += 'e';
				else if (/(bb|dd|ff|gg|mm|nn|pp|rr|tt)$/.test(w)) w = w.slice(0, -1);
				else if (r1 >= w.length && shortAt(w.length)) { w += 'e'; r1 = r2 = w.length; }
				r1 = Math.min(o1, w.length); r2 = Math.min(o2, w.length);
			}
		}
		// Step 1c.
		if (w.length > 2 && /[yY]$/.test(w) && !isV(w[w.length - 2])) w = w.slice(0, -1) + 'i';
		// Step 2.
		let e = find(T2);
		if (e && w.length - e[0].length >= r1) {
			const c = w[w.length - 3];
			if (e[0] === 'li') { if ('cdeghkmnrt'.indexOf(c) >= 0 && c !== undefined) set(w.slice(0, -2)); }
			else if (e[0] !== 'ogi' || w[w.length - 4] === 'l') set(w.slice(0, -e[0].length) + e[1]);
		}
		// Step 3.
		e = find(T3);
		if (e && w.length - e[0].length >= r1 && (e[0] !== 'ative' || w.length - r2 >= 5)) set(w.slice(0, -e[0].length) + e[1]);
		// Step 4.
		e = find(T4);
		if (e && w.length - e[0].length >= r2 && (e[0] !== 'ion' || 'st'.indexOf(w[w.length - 4]) >= 0 && w.length >= 4)) set(w.slice(0, -e[0].length));
		// Step 5.
		const last = w.length - 1;
		if (r1 <= last) {
			if (w[last] === 'e' && (r2 <= last || !shortAt(last))) w = w.slice(0, -1);
			else if (w[last] === 'l' && r2 <= last && w[last - 1] === 'l') w = w.slice(0, -1);
		}
		return w.replace(/Y/g, 'y');
	}

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
		const stem = w => meta.stem === 'snowball-english-2005' && /^[a-z0-9]+$/.test(w) ? porter2(w) : w;
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
		// As Go's (*Index).Search: [[page, words matched, score], ...] best first, or null.
		async function search(q, filters) {
			const words = parse(q);
			const active = Object.keys(filters).filter(k => filters[k]);
			if (!words.length && !active.length) return null;
			const shards = await Promise.all(words.map(w => Promise.all(shardsFor(w).map(k => get('t/' + shardFile(k) + '.json')))));
			const found = new Map();
			words.forEach((w, i) => {
				const s = new Map();
				shards[i].forEach(sh => Object.keys(sh).forEach(term => {
					const mult = term === w.key ? 2 : w.prefix && term.startsWith(w.raw) ? 1 : 0;
					if (mult) sh[term].forEach(g => decode(g[1]).forEach(p => { if (!(s.get(p) >= g[0] * mult)) s.set(p, g[0] * mult); }));
				}));
				s.forEach((v, p) => { const r = found.get(p) || [p, 0, 0]; r[1]++; r[2] += v; found.set(p, r); });
			});
			if (!words.length) for (let p = 0; p < meta.pages; p++) found.set(p, [p, 0, 0]);
			active.forEach(name => {
				const ok = facetSet(name, filters[name]);
				found.forEach((v, p) => { if (!ok.has(p)) found.delete(p); });
			});
			return Array.from(found.values()).sort((a, b) => b[2] - a[2] || b[1] - a[1] || a[0] - b[0]);
		}
		function entries(pages) {
			const frag = p => Math.floor(p / meta.fragment);
			const ns = Array.from(new Set(pages.map(frag)));
			return Promise.all(ns.map(n => get('p/' + n + '.json'))).then(fs => pages.map(p => fs[ns.indexOf(frag(p))][p % meta.fragment]));
		}
		// match: the query word a word as written matches, or -1 (Go: matchWord).
		const match = (token, words) => {
			const t = normalize(token), k = stem(t);
			return words.findIndex(w => k === w.key || (w.prefix && t.startsWith(w.raw)));
		};
		const matches = (token, words) => match(token, words) >= 0;
		// tokens: [start, end] of each word of an array of characters.
		const tokens = cs => {
			const out = [];
			for (let i = 0; i < cs.length;) {
				if (!WORDCHAR.test(cs[i])) { i++; continue; }
				let j = i;
				while (j < cs.length && WORDCHAR.test(cs[j])) j++;
				out.push([i, j]);
				i = j;
			}
			return out;
		};
		// As Go's snippet: the sentence with the most query words, cut around the first.
		function snippet(ss, words) {
			if (!words.length) return '';
			let best = -1, bestN = 0;
			ss.forEach((s, i) => {
				const cs = Array.from(s), seen = new Set();
				tokens(cs).forEach(t => { const m = match(cs.slice(t[0], t[1]).join(''), words); if (m >= 0) seen.add(m); });
				if (seen.size > bestN) { best = i; bestN = seen.size; }
			});
			if (best < 0) return '';
			let text = ss[best];
			if (len(text) < 90 && best + 1 < ss.length) text += ' ' + ss[best + 1];
			const cs = Array.from(text);
			if (cs.length <= 220) return text;
			const hit = tokens(cs).find(t => matches(cs.slice(t[0], t[1]).join(''), words));
			const first = hit ? hit[0] : 0;
			let start = 0, pre = '', end, post = '';
			if (first > 60) {
				for (start = first - 60; start < first && cs[start - 1] !== ' ';) start++;
				pre = '…';
			}
			end = start + 220;
			if (end < cs.length) {
				while (end > first && cs[end] !== ' ') end--;
				post = '…';
			} else end = cs.length;
			return pre + cs.slice(start, end).join('').trim() + post;
		}
		return { facets, kindOf, parse, shardsFor, search, entries, matches, snippet };
	}

	if (typeof module === 'object' && module.exports) {
		module.exports = { normalize, decode, shardFile, makeIndex, porter2 };
		return;
	}

	const PAGE = 20;
	const TEXT = {
		kind: 'Kind', status: 'Status', intent: 'Intent', system: 'System', any: 'All',
		results: '{n} results', one: '1 result', none: 'No results', more: 'Show more',
		error: 'Search is not available right now.', foreign: ''
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
		// show lists the results in their one ranking, each with its kind as
		// a label, then puts the passage around the words found in place of
		// each summary as the page's sentences arrive.
		function show(n, focusAt) {
			if (!found) { results.textContent = status.textContent = ''; return; }
			const top = found.slice(0, shown);
			return ix.entries(top.map(r => r[0])).then(es => {
				if (n !== seq) return;
				const label = (facet, i) => { const v = ix.facets[facet].values[i]; return v.o || v.l; };
				const ol = el('ol', 'search-list');
				es.forEach((e, i) => {
					const li = el('li'), a = el('a', 'search-title');
					a.href = e.u;
					highlight(a, e.t, ix, words);
					// A page not translated into the index's language: its title and
					// summary are in its own (e.g), which the link says, and a note too.
					if (e.g) { a.lang = a.hreflang = e.g; }
					const note = e.g && L.foreign ? el('span', 'lang-note', ' (' + L.foreign + ')') : null;
					const facts = el('p', 'meta');
					facts.appendChild(el('span', 'search-kind', label('kind', e.k)));
					const more = (e.s != null ? [label('status', e.s)] : [])
						.concat((e.i || []).map(i => label('intent', i)), (e.y || []).map(i => label('system', i)));
					if (more.length) facts.appendChild(document.createTextNode(' · ' + more.join(' · ')));
					const p = el('p', 'search-excerpt');
					if (e.g) p.lang = e.g;
					highlight(p, e.e || '', ix, words);
					li.append(...(note ? [a, note] : [a]), facts, p);
					ol.appendChild(li);
					if (words.length) get('x/' + top[i][0] + '.json').then(ss => {
						const passage = ix.snippet(ss, words);
						if (passage && n === seq) { p.textContent = ''; highlight(p, passage, ix, words); }
					}).catch(() => {});
				});
				const out = document.createDocumentFragment();
				out.appendChild(ol);
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
