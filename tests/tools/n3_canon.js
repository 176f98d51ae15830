// Read an RDF file with N3.js and print its triples as N-Triples (graphs dropped), for the
// cross-tool suite.  Usage: node n3_canon.js FILE FORMAT   (FORMAT: Turtle, N-Triples, N-Quads, TriG)
const fs = require("fs");
const N3 = require("n3");
const [file, format] = process.argv.slice(2);
const parser = new N3.Parser({ format });
const writer = new N3.Writer({ format: "N-Triples" });
for (const quad of parser.parse(fs.readFileSync(file, "utf8"))) {
  writer.addQuad(quad.subject, quad.predicate, quad.object);
}
writer.end((error, result) => {
  if (error) { console.error(error); process.exit(1); }
  process.stdout.write(result);
});
