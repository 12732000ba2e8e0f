package hostile

// Payloads is every payload of the corpus, each once, with its mark (its
// Door and Field empty): for tests of a door the corpus site cannot hold,
// such as a git commit's message (generator/analysis).
func Payloads() []Payload { return expand() }
