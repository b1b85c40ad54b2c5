// JSON.stringify and JSON.parse of a medium, mixed document.
// The body runs inside a function: locals live in registers, as in real code.
(function () {
  var doc = { users: [] };
  for (var i = 0; i < 500; i++) {
    doc.users.push({ id: i, name: "user" + i, email: "u" + i + "@example.org", score: i * 1.5,
                     active: (i & 1) === 0, tags: ["a", "b", "c" + (i % 7)], addr: { city: "C" + (i % 13), zip: 10000 + i } });
  }
  var t0 = Date.now();
  var total = 0;
  for (var r = 0; r < 100; r++) {
    var text = JSON.stringify(doc);
    var back = JSON.parse(text);
    total += text.length + back.users.length;
  }
  if (total !== 100 * (JSON.stringify(doc).length + 500)) throw new Error("json: bad checksum " + total);
  print("time " + (Date.now() - t0));
})();
