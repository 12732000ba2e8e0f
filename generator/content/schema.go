package content

// The front matter of every kind is described once, here, as data. The
// validator walks a page's front matter with it, and the JSON Schema that
// editors' YAML tooling uses is generated from it, so the two cannot drift.

// TypeKind is the shape of a front matter value.
type TypeKind int

// The shapes a front matter value can take.
const (
	TString TypeKind = iota // a single line of text
	TText                   // text that may span lines
	TInt
	TNumber
	TBool
	TDate      // YYYY-MM-DD, or an RFC 3339 time
	TTimestamp // a moment in a recording: HH:MM:SS or MM:SS
	TURL       // an absolute http(s) URL
	TEmail
	TEnum   // one of Enum
	TStatus // one of the site's initiative statuses
	TRef    // the slug of a page of one of Ref's kinds
	TList   // a list of Elem; a single value is taken as a list of one
	TObject // a mapping with Fields
	TPath   // a file beside the page or an http(s) URL
)

// Type describes a front matter value.
type Type struct {
	Kind   TypeKind
	Enum   []string
	Ref    []Kind
	Elem   *Type
	Fields []Field
	// Short is the field an object may be written as, alone: `related: [x]`
	// means `related: [{to: x}]`.
	Short string
}

// Field is one front matter key.
type Field struct {
	Name     string
	Type     Type
	Required bool
	Doc      string
}

func str() Type              { return Type{Kind: TString} }
func text() Type             { return Type{Kind: TText} }
func date() Type             { return Type{Kind: TDate} }
func enum(v ...string) Type  { return Type{Kind: TEnum, Enum: v} }
func ref(k ...Kind) Type     { return Type{Kind: TRef, Ref: k} }
func list(t Type) Type       { return Type{Kind: TList, Elem: &t} }
func object(f ...Field) Type { return Type{Kind: TObject, Fields: f} }
func refs(k ...Kind) Type    { return list(ref(k...)) }
func strs() Type             { return list(str()) }
func req(f Field) Field      { f.Required = true; return f }
func f(name string, t Type, doc string) Field {
	return Field{Name: name, Type: t, Doc: doc}
}

// Vocabularies of the content model.
var (
	Facets         = []string{"enhancement", "mission-oriented", "adaptive", "anticipatory"}
	PartnerRoles   = []string{"funding", "accountable", "extending", "implementing"}
	FundingStages  = []string{"planned", "committed", "disbursed"}
	Instruments    = []string{"grant", "procurement", "budget", "loan", "prize", "in-kind", "equity", "outcome-based"}
	RiskTypes      = []string{"fiduciary", "programmatic", "reputational", "political", "operational", "ethical"}
	Levels         = []string{"low", "medium", "high"}
	Relations      = []string{"builds-on", "complements", "tension-with", "spun-out-of", "part-of"}
	LearningTypes  = []string{"insight", "pattern", "surprise", "question", "what-didnt-work"}
	Outcomes       = []string{"start", "continue", "adapt", "scale", "pause", "stop", "merge", "reallocate"}
	ConsentScopes  = []string{"site", "quote", "media", "data-export"}
	Anonymity      = []string{"named", "pseudonym", "anonymous"}
	MediaTypes     = []string{"image", "audio", "video"}
	SourceTypes    = []string{"video", "report", "talk", "article", "dataset", "podcast"}
	OrgTypes       = []string{"ministry", "municipality", "agency", "community", "philanthropy", "company", "research", "international"}
	Directions     = []string{"increase", "decrease", "maintain"}
	Colors         = []string{"teal", "indigo", "amber", "rose", "green", "violet", "blue", "orange"}
	Menus          = []string{"main", "footer"}
	CollectMethods = []string{"interview", "workshop", "diary", "survey-comment", "walk-along", "recording", "letter"}
	AllRefKinds    = []Kind{KindPage, KindIntent, KindInitiative, KindLearning, KindDecision, KindNarrative, KindSource, KindOrganisation}
)

var commonFields = []Field{
	req(f("title", str(), "The page's title.")),
	f("id", str(), "A stable identifier, the key of the page in the open data; keep it when the slug changes. Without one, the id is kind/first-slug (see docs/data.md)."),
	f("slug", str(), "The last part of the page's URL; defaults to the file or folder name."),
	f("kind", enum("page", "intent", "initiative", "learning", "decision", "narrative", "source", "organisation"), "The kind, when the folder does not say it."),
	f("summary", text(), "One or two sentences shown in lists, cards and search."),
	f("date", date(), "When this was written or happened."),
	f("updated", date(), "When this was last changed in substance."),
	f("draft", Type{Kind: TBool}, "Leave the page out of the site unless building with --drafts."),
	f("tags", strs(), "Free keywords; each gets a page."),
	f("aliases", strs(), "Old URLs of this page; each gets a redirect."),
	f("weight", Type{Kind: TInt}, "Orders pages in lists: lower comes first."),
	f("menu", list(enum(Menus...)), "Puts the page in the site's main menu or footer (after the entries site.yaml lists), ordered by weight."),
	f("image", object(
		req(f("src", Type{Kind: TPath}, "A file beside the page, or an https URL.")),
		req(f("alt", str(), "What the image shows, for people who cannot see it.")),
		f("caption", str(), "A caption shown under the image."),
	), "An illustration of the page."),
}

var kindFields = map[Kind][]Field{
	KindPage: nil,
	KindIntent: {
		req(f("summary", text(), "What the portfolio tries to change.")),
		f("parent", ref(KindIntent), "A broader intent this one serves."),
		f("horizon", Type{Kind: TInt}, "The year the intent looks to, e.g. 2030."),
		f("systems", strs(), "The systems this intent spans: transport, health, food..."),
		f("signals", list(object(
			req(f("text", str(), "What would show change.")),
			f("indicator", str(), "How it is measured."),
			f("baseline", str(), "Where it stood."),
			f("target", str(), "Where it should get to."),
			f("direction", enum(Directions...), "Which way is better."),
			f("unit", str(), "The unit of its values, such as % or people; by default the unit of the baseline (\"31% (2023)\" is in %)."),
			f("observations", list(object(
				req(f("date", date(), "When it was measured.")),
				req(f("value", str(), "What was measured: a number, with the signal's unit or none (61 or 61%).")),
				f("source", str(), "Who measured it: the slug of a source or organisation page (then linked), or a name."),
				f("note", str(), "A short note on the measurement."),
			)), "Measurements over time, oldest first: the page shows the latest against the baseline and target."),
		)), "Signals of change."),
		f("owners", refs(KindOrganisation), "Organisations that own the intent."),
		f("color", enum(Colors...), "A theme colour token for maps."),
	},
	KindInitiative: {
		req(f("summary", text(), "What the initiative does, in a sentence or two.")),
		req(f("status", Type{Kind: TStatus}, "Where the initiative stands.")),
		req(f("intents", refs(KindIntent), "The intents it serves.")),
		f("status_history", list(object(
			req(f("status", Type{Kind: TStatus}, "The status it moved to.")),
			req(f("date", date(), "When.")),
			f("decision", ref(KindDecision), "The decision behind the change."),
		)), "How the status changed over time."),
		f("facet", enum(Facets...), "The OPSI innovation facet."),
		f("stage", str(), "A free description of the stage."),
		f("systems", strs(), "The systems it works in."),
		f("places", strs(), "Neighbourhoods or places."),
		f("lead", ref(KindOrganisation), "The organisation that leads it."),
		f("partners", list(Type{Kind: TObject, Short: "org", Fields: []Field{
			req(f("org", ref(KindOrganisation), "The partner organisation.")),
			f("role", enum(PartnerRoles...), "What the partner does."),
		}}), "Partner organisations and their roles."),
		f("start", date(), "When it started."),
		f("end", date(), "When it ended or is due to end."),
		f("funding", list(object(
			req(f("source", ref(KindOrganisation), "The funder.")),
			req(f("amount", Type{Kind: TNumber}, "The amount.")),
			req(f("currency", str(), "ISO 4217 code, e.g. EUR.")),
			f("year", Type{Kind: TInt}, "The budget year."),
			f("instrument", enum(Instruments...), "How the money comes."),
			f("stage", enum(FundingStages...), "How far the money has gone."),
			f("pool", str(), "The name of a fund pooled from several sources."),
		)), "Funding lines."),
		f("risks", list(object(
			req(f("type", enum(RiskTypes...), "The kind of risk.")),
			f("level", enum(Levels...), "How high."),
			f("note", text(), "What it is and how it is handled."),
		)), "Risks."),
		f("related", list(Type{Kind: TObject, Short: "to", Fields: []Field{
			req(f("to", ref(KindInitiative), "The related initiative.")),
			f("relation", enum(Relations...), "How they relate."),
		}}), "Related initiatives."),
		f("questions", strs(), "What it is trying to learn."),
		f("contact", Type{Kind: TEmail}, "An email address for the initiative."),
		f("recipient_country", str(), "For the IATI export: the ISO 3166-1 country code of where it takes place, when not site.yaml's iati.recipient_country."),
		f("recipient_region", str(), "For the IATI export: the OECD DAC region code of where it takes place, when not site.yaml's iati.recipient_region."),
	},
	KindLearning: {
		req(f("date", date(), "When it was learned.")),
		f("initiatives", refs(KindInitiative), "Initiatives it comes from."),
		f("intents", refs(KindIntent), "Intents it is about."),
		f("type", enum(LearningTypes...), "The kind of learning."),
		f("confidence", enum(Levels...), "How sure we are."),
		f("evidence", list(object(
			f("narrative", ref(KindNarrative), "A story."),
			f("source", ref(KindSource), "A recording or report."),
			f("at", Type{Kind: TTimestamp}, "The moment in the source's recording."),
			f("url", Type{Kind: TURL}, "A link."),
			f("title", str(), "The link's title."),
		)), "What it rests on."),
		f("informs", refs(KindDecision), "Decisions it informs."),
	},
	KindDecision: {
		req(f("date", date(), "When it was decided.")),
		req(f("outcome", enum(Outcomes...), "What was decided.")),
		f("initiatives", refs(KindInitiative), "Initiatives it is about."),
		f("intents", refs(KindIntent), "Intents it is about."),
		f("context", text(), "The situation."),
		f("rationale", text(), "Why."),
		f("learnings", refs(KindLearning), "Learnings it rests on."),
		f("narratives", refs(KindNarrative), "Stories it rests on."),
		f("decided_by", ref(KindOrganisation), "Who decided."),
		f("supersedes", ref(KindDecision), "An earlier decision this replaces."),
		f("review_by", date(), "When it will be reviewed."),
	},
	KindNarrative: {
		req(f("teller", str(), "Who tells the story: their name, or a description. Never published unless anonymity is named.")),
		req(f("consent", object(
			req(f("scope", list(enum(ConsentScopes...)), "What the teller agreed may be published, as a list: site (the story's page), quote (its quote on cards), media (its picture or recording), data-export (the open data).")),
			req(f("given", date(), "The date the teller gave consent, as YYYY-MM-DD.")),
			f("expires", date(), "The date consent ends, if it does; the story is unpublished then."),
			f("withdrawn", date(), "The date the teller withdrew consent; the story is unpublished from then on."),
			f("record", str(), "Where the signed consent form is kept, e.g. a case number; never published."),
		), "The teller's consent, written by the person who asked for it; a story without scope and given is never published.")),
		f("anonymity", enum(Anonymity...), "How the teller is shown: named (by `teller`), pseudonym (by `pseudonym`) or anonymous."),
		f("pseudonym", str(), "The name a pseudonymous story is shown under."),
		f("teller_role", str(), "The teller's role, e.g. 'parent, cycles to work'."),
		f("quote", text(), "A short quote for cards."),
		f("place", str(), "A coarse place, such as a neighbourhood."),
		f("collected", object(
			f("method", enum(CollectMethods...), "How it was collected."),
			f("date", date(), "When."),
			f("by", ref(KindOrganisation), "By whom."),
		), "How the story was collected."),
		f("media", object(
			req(f("type", enum(MediaTypes...), "image, audio or video.")),
			f("src", Type{Kind: TPath}, "A file beside the page or an https URL."),
			f("video_id", str(), "The recording's video id."),
			f("alt", str(), "Required for images."),
			f("transcript", text(), "Required for audio and video."),
			f("caption", str(), "A caption."),
		), "A picture, recording or video."),
		f("initiatives", refs(KindInitiative), "Initiatives the story is about."),
		f("intents", refs(KindIntent), "Intents the story is about."),
		f("themes", strs(), "Themes."),
		f("source", ref(KindSource), "The recording the story comes from."),
		f("at", Type{Kind: TTimestamp}, "The moment in that recording."),
		f("content_note", str(), "A note on difficult content."),
		f("moderation", str(), "How the story was edited."),
		f("featured", Type{Kind: TBool}, "Show on the home page and the pages it is about."),
	},
	KindSource: {
		f("type", enum(SourceTypes...), "The kind of source; may be left out when video_id is set."),
		f("video_id", str(), "The recording's video id."),
		f("videoId", str(), "The same as video_id."),
		f("url", Type{Kind: TURL}, "Where the source is."),
		f("publisher", ref(KindOrganisation), "Who published it."),
		f("transcript", text(), "A transcript, or a link to one."),
	},
	KindOrganisation: {
		f("type", enum(OrgTypes...), "The kind of organisation."),
		f("org_id", str(), "An org-id.guide identifier, e.g. GB-CHC-1234567."),
		f("website", Type{Kind: TURL}, "The organisation's website."),
		f("parent", ref(KindOrganisation), "The organisation it belongs to."),
	},
}

// Fields returns the front matter fields a kind accepts, common ones first.
// A kind's own field of the same name replaces the common one.
func Fields(k Kind) []Field {
	own := kindFields[k]
	out := make([]Field, 0, len(commonFields)+len(own))
	for _, c := range commonFields {
		replaced := false
		for _, o := range own {
			if o.Name == c.Name {
				replaced = true
			}
		}
		if !replaced {
			out = append(out, c)
		}
	}
	return append(out, own...)
}
