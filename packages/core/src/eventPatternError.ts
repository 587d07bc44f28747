/**
 * A pattern AWS refuses. `reason` is event-ruler's text; `message` is what EventBridge puts after
 * "Event pattern is not valid. Reason: " — the reason and Jackson's location, when event-ruler
 * raised it while reading the JSON (some refusals carry the location twice, some none).
 */
export class EventPatternError extends Error {
  constructor(readonly reason: string, located: string = reason) {
    super(located);
    this.name = "EventPatternError";
  }
}
