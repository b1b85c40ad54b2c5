// Temporal values through console.log and the common operations.
const d = Temporal.PlainDate.from("2026-11-21");
console.log(d);
console.log(d.add({ months: 3 }).toString(), d.dayOfWeek, d.inLeapYear);
const z = Temporal.ZonedDateTime.from("2026-03-29T01:30[Europe/Paris]");
console.log(z.add({ hours: 1 }).toString());
console.log([Temporal.Duration.from({ hours: 25 }).round({ largestUnit: "day" })]);
console.log({ at: Temporal.Instant.fromEpochMilliseconds(0) });
console.log(Temporal.PlainTime.from("12:34:56.5").toString({ smallestUnit: "second" }));
