// Everything a suite or the demo starts registers its stop function here; stopAll() runs
// them newest first and never throws, so one failing stop does not leave the others running.
class Cleanup {
  constructor() {
    this.stops = [];
  }

  add(name, stop) {
    this.stops.push({ name, stop });
    return stop;
  }

  async stopAll(log = () => {}) {
    const errors = [];
    while (this.stops.length) {
      const { name, stop } = this.stops.pop();
      try {
        await stop();
      } catch (err) {
        errors.push(`${name}: ${err && err.message}`);
        log(`cleanup: stopping ${name} failed: ${err && err.message}`);
      }
    }
    return errors;
  }
}

module.exports = { Cleanup };
