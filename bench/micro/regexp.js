// Regular expressions: test, exec with captures, global replace, split.
// The body runs inside a function: locals live in registers, as in real code.
(function () {
  var text = "";
  for (var i = 0; i < 200; i++) text += "item-" + i + " key=value" + i + "; mail x" + i + "@host" + (i % 9) + ".org\n";
  var t0 = Date.now();
  var count = 0;
  var reMail = /([a-z0-9]+)@([a-z0-9]+)\.org/g;
  var reKv = /(\w+)=(\w+)/;
  for (var r = 0; r < 100; r++) {
    var m;
    reMail.lastIndex = 0;
    while ((m = reMail.exec(text)) !== null) count += m[2].length;
    var lines = text.split("\n");
    for (var j = 0; j < lines.length; j++) { var kv = reKv.exec(lines[j]); if (kv) count += kv[1].length; }
    count += text.replace(/item-(\d+)/g, "I$1").length;
    if (/value199/.test(text)) count++;
  }
  if (count !== 100 * (1000 + 600 + text.length - 200 * 4 + 1)) throw new Error("regexp: bad checksum " + count);
  print("time " + (Date.now() - t0));
})();
