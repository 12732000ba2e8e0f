package corpus

// The fixed vocabularies the corpus is drawn from. Changing them changes
// every generated corpus, so benchmarks compare only within one version.

// words is the body vocabulary: plain portfolio prose.
var words = []string{
	"the", "city", "residents", "street", "school", "air", "bike", "garden", "health", "older",
	"people", "walk", "travel", "homes", "energy", "heat", "shade", "trees", "bench", "route",
	"library", "clinic", "neighbourhood", "council", "ministry", "fund", "budget", "pilot", "team", "partners",
	"learned", "tried", "changed", "stopped", "started", "scaled", "paused", "measured", "asked", "listened",
	"children", "parents", "carers", "volunteers", "drivers", "riders", "nurses", "gardeners", "officers", "tenants",
	"morning", "evening", "winter", "summer", "year", "month", "week", "season", "day", "night",
	"quiet", "busy", "green", "warm", "cool", "safe", "slow", "fast", "fair", "local",
	"data", "sensor", "survey", "story", "interview", "workshop", "map", "report", "meeting", "assembly",
	"and", "but", "because", "while", "after", "before", "when", "where", "so", "although",
	"more", "fewer", "most", "some", "every", "each", "many", "several", "few", "all",
	"with", "without", "for", "from", "into", "along", "across", "around", "between", "under",
	"we", "they", "it", "this", "that", "these", "those", "our", "their", "its",
	"is", "was", "were", "has", "had", "will", "can", "could", "should", "might",
	"money", "grant", "contract", "procurement", "evidence", "insight", "pattern", "surprise", "question", "decision",
	"transport", "housing", "food", "care", "water", "waste", "land", "culture", "work", "learning",
	"lanes", "parking", "loading", "bays", "crossings", "pavements", "squares", "parks", "roofs", "yards",
	"retrofit", "insulation", "boilers", "stoves", "solar", "batteries", "heatwave", "flooding", "pollution", "noise",
	"trust", "access", "cost", "time", "risk", "value", "demand", "supply", "capacity", "quality",
	"first", "second", "third", "last", "next", "early", "late", "new", "old", "long",
	"simple", "hard", "clear", "open", "shared", "public", "private", "small", "large", "whole",
}

// headings are the section titles a body draws from; their ids are the
// lowercase text with spaces as hyphens.
var headings = []string{
	"Why", "What we are learning", "Costs", "Connections", "Open questions", "What changed",
	"Background", "How it works", "Who takes part", "What residents said", "Evidence", "Next steps",
	"Risks", "Funding", "Timeline", "What did not work", "Results so far", "How we measure",
	"Partners", "Lessons for others",
}

var adjectives = []string{
	"green", "warm", "quiet", "shared", "open", "healthy", "safe", "slow", "cool", "clean",
	"active", "local", "young", "bright", "calm", "social", "fair", "kind", "careful", "bold",
}

var nouns = []string{
	"streets", "homes", "schools", "gardens", "routes", "corners", "roofs", "yards", "squares", "markets",
	"libraries", "clinics", "kitchens", "bikes", "benches", "trees", "rooms", "bridges", "lanes", "hubs",
}

var systems = []string{"transport", "energy", "health", "housing", "food", "green-space", "care", "education", "water", "economy"}

var places = []string{
	"Eastbank", "Millbrook", "Harbour Lane", "Northgate", "Old Town", "Riverside", "Hillcrest", "Southfield",
	"Westmoor", "Canal Quarter", "Station Road", "Elm Park", "Kingsway", "Marsh End", "Upper Dene", "Brook Vale",
	"Ashford Green", "Mill Lane", "Cathedral Close", "Fenwick", "Lowfields", "Queens Park", "Tanners Row", "Weir Side",
}

var tags = []string{
	"cycling", "walking", "older-people", "children", "air-quality", "heat", "damp", "retrofit", "gardens", "trees",
	"loneliness", "food", "energy-prices", "schools", "libraries", "data", "sense-making", "co-design", "pooled-fund",
	"procurement", "volunteers", "young-people", "disability", "noise", "flooding", "night", "markets", "repair",
	"social-prescribing", "community-energy",
}

var themes = []string{"independence", "confidence", "belonging", "safety", "cost of living", "time", "family", "health", "pride", "trust"}

var roles = []string{"retired nurse", "parent of two", "delivery rider", "shop owner", "carer", "student", "bus driver", "teacher", "gardener", "tenant"}

var firstNames = []string{"Edith", "Kofi", "Rosa", "Amir", "Lena", "Tomas", "Maya", "Jonas", "Ines", "Sam", "Priya", "Olu", "Greta", "Noor", "Ivan", "Ada"}

var lastNames = []string{"Marsh", "Owusu", "Reyes", "Haddad", "Berg", "Novak", "Singh", "Okafor", "Lund", "Costa", "Kaur", "Meyer"}

var statuses = []string{"idea", "exploring", "prototyping", "piloting", "scaling", "embedded", "paused", "stopped", "completed"}

var facets = []string{"enhancement", "mission-oriented", "adaptive", "anticipatory"}

var partnerRoles = []string{"funding", "accountable", "extending", "implementing"}

var instruments = []string{"grant", "procurement", "budget", "loan", "prize", "in-kind", "equity", "outcome-based"}

var fundingStages = []string{"planned", "committed", "disbursed"}

var pools = []string{"Healthy Streets Fund", "Climate Resilience Pool"}

var riskTypes = []string{"fiduciary", "programmatic", "reputational", "political", "operational", "ethical"}

var levels = []string{"low", "medium", "high"}

var relations = []string{"builds-on", "complements", "tension-with", "spun-out-of", "part-of"}

var learningTypes = []string{"insight", "pattern", "surprise", "question", "what-didnt-work"}

var outcomes = []string{"start", "continue", "adapt", "scale", "pause", "stop", "merge", "reallocate"}

var anonymities = []string{"named", "pseudonym", "anonymous"}

var methods = []string{"interview", "workshop", "diary", "survey-comment", "walk-along", "recording", "letter"}

var orgTypes = []string{"ministry", "municipality", "agency", "community", "philanthropy", "company", "research", "international"}

var sourceTypes = []string{"report", "talk", "article", "dataset", "podcast"}

var colors = []string{"teal", "indigo", "amber", "rose", "green", "violet", "blue", "orange"}

var directions = []string{"increase", "decrease", "maintain"}
