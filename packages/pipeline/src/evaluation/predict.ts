import { extractWithRules } from '../extract/rule-extractor';
import type { Extraction } from '../extract/extractor';
import { Geocoder, type GeocodeResult } from '../geo/geocoder';
import type { LabelledItem, Prediction } from './score';

/**
 * Runs the real rule extractor and geocoder over labelled items, as a pipeline run would: the
 * extractor reads title and summary; the geocoder reads the same text with the extractor's place
 * hint. Every item is geocoded, also those the extractor missed, so the place figures measure
 * the geocoder rather than repeat the conflict decision.
 */
export function predictAll(
  items: readonly LabelledItem[],
  geocoder = new Geocoder(),
): Map<string, Prediction> {
  const predictions = new Map<string, Prediction>();
  for (const item of items) {
    const published = new Date(item.published_at);
    const extraction = extractWithRules({
      title: item.title,
      summary: item.summary,
      publishedAt: published,
      fetchedAt: published,
    });
    const geo = geocoder.geocode({
      text: `${item.title}. ${item.summary}`,
      placeHint: extraction.placeHint,
    });
    const abroad = !recordsConflict(extraction, geo) && extraction.isConflict;
    predictions.set(item.id, {
      isConflict: extraction.isConflict && !abroad,
      eventType: abroad ? null : extraction.eventType,
      fatalities: extraction.fatalities,
      injuries: extraction.injuries,
      state: geo.state,
      lga: geo.lga,
    });
  }
  return predictions;
}

/**
 * Whether the pipeline records an article as a conflict event in Nigeria: the extractor says
 * it is one, and the validator does not reject it as placed only abroad ("outside_nigeria").
 */
export function recordsConflict(extraction: Extraction, geo: GeocodeResult): boolean {
  return extraction.isConflict && !(geo.precision === 'none' && geo.miss === 'foreign');
}
