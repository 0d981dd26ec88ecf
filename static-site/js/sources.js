// How a figure cites its source, short enough to sit next to it: « Arcep, Ma connexion internet, 2022T4 ».

export function sourceCitation(source) {
  if (!source) return null;
  const dataset = source.dataset ? source.dataset.split(/ \(|, /)[0] : null;
  // Some producers are a sentence (the inventory's « producteur indiqué par la colonne… »): the dataset says enough.
  const producer = source.producer && source.producer.length <= 40 ? source.producer : null;
  const date = source.demonstration || source.date === "démonstration" ? "démonstration" : source.date;
  return [producer, dataset, date].filter(Boolean).join(", ");
}
