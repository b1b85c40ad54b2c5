export default class { hello() { return "anonymous default class"; } }
