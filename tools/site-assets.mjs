// Builds the map's static assets once, into static-site/ (the outputs are committed: a clean clone
// serves the map without running this):
//   - vendors Leaflet and leaflet.markercluster from node_modules (the versions package.json pins),
//     with their licences, into static-site/vendor/;
//   - simplifies the contours of ../shared/data/contours (régions, départements with outre-mer,
//     académies, the communes of each Occitanie département) with mapshaper into static-site/contours/,
//     each feature reduced to { code, nom }.
// Run: npm run site:assets  (CONTOURS=/other/folder to read the contours elsewhere)
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const site = join(root, "static-site");
const contours = resolve(process.env.CONTOURS || join(root, "..", "shared", "data", "contours"));
const mapshaper = join(root, "node_modules", ".bin", "mapshaper");

// What is vendored: [package, file in the package, file in static-site/vendor/<package>/].
export const vendored = [
  ["leaflet", "dist/leaflet.js", "leaflet.js"],
  ["leaflet", "dist/leaflet.css", "leaflet.css"],
  ["leaflet", "dist/images/layers.png", "images/layers.png"],
  ["leaflet", "dist/images/layers-2x.png", "images/layers-2x.png"],
  ["leaflet", "dist/images/marker-icon.png", "images/marker-icon.png"],
  ["leaflet", "dist/images/marker-icon-2x.png", "images/marker-icon-2x.png"],
  ["leaflet", "dist/images/marker-shadow.png", "images/marker-shadow.png"],
  ["leaflet", "LICENSE", "LICENSE"],
  ["leaflet.markercluster", "dist/leaflet.markercluster.js", "leaflet.markercluster.js"],
  ["leaflet.markercluster", "dist/MarkerCluster.css", "MarkerCluster.css"],
  ["leaflet.markercluster", "dist/MarkerCluster.Default.css", "MarkerCluster.Default.css"],
  ["leaflet.markercluster", "MIT-LICENCE.txt", "LICENSE"],
];

function vendor() {
  for (const [pkg, from, to] of vendored) {
    const target = join(site, "vendor", pkg, to);
    mkdirSync(dirname(target), { recursive: true });
    copyFileSync(join(root, "node_modules", pkg, from), target);
  }
  for (const pkg of new Set(vendored.map(([p]) => p))) {
    const version = JSON.parse(readFileSync(join(root, "node_modules", pkg, "package.json"), "utf8")).version;
    writeFileSync(join(site, "vendor", pkg, "VERSION"), `${version}\n`);
  }
}

// Each layer: source file, output, simplification (share of the vertices kept), and how its
// properties become { code, nom }.
const layers = [
  { from: "france-geojson_regions-avec-outre-mer.geojson", to: "regions.json", keep: "6%", each: "code=code, nom=nom" },
  { from: "fr-en-contour-academies-2020.geojson", to: "academies.json", keep: "3%", each: "code=code_academie, nom=name" },
  { from: "france-geojson_departements-avec-outre-mer.geojson", to: "departements.json", keep: "8%", each: "code=code, nom=nom" },
];

function simplify(input, output, keep, each) {
  mkdirSync(dirname(output), { recursive: true });
  execFileSync(mapshaper, [
    "-i", input,
    "-each", each,
    "-filter-fields", "code,nom",
    "-simplify", keep, "weighted", "keep-shapes",
    "-clean",
    "-o", output, "format=geojson", "precision=0.0001", "force",
  ], { stdio: ["ignore", "inherit", "inherit"] });
}

function contourLayers() {
  for (const layer of layers) simplify(join(contours, layer.from), join(site, "contours", layer.to), layer.keep, layer.each);
  const communes = join(contours, "communes");
  for (const file of readdirSync(communes).filter((f) => /^communes-[0-9AB]{2,3}-.*\.geojson$/.test(f)).sort()) {
    const code = file.split("-")[1];
    simplify(join(communes, file), join(site, "contours", "communes", `${code}.json`), "12%", "code=code, nom=nom");
  }
}

function weights() {
  const rows = [];
  const walk = (folder) => {
    for (const name of readdirSync(folder).sort()) {
      const path = join(folder, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith(".json")) {
        const bytes = readFileSync(path);
        rows.push([path.slice(site.length + 1), bytes.length, gzipSync(bytes, { level: 9 }).length]);
      }
    }
  };
  walk(join(site, "contours"));
  for (const [path, raw, gz] of rows) console.log(`${path.padEnd(34)} ${String(Math.round(raw / 1024)).padStart(5)} Ko  ${String(Math.round(gz / 1024)).padStart(4)} Ko gzip`);
  const france = rows.filter(([p]) => !p.includes("communes/")).reduce((s, [, , gz]) => s + gz, 0);
  console.log(`Couches France (régions + académies + départements) : ${Math.round(france / 1024)} Ko gzip`);
}

if (process.argv[2] !== "--weights") {
  vendor();
  contourLayers();
}
weights();
