// Instances that can be called like functions (tokenizer(text), classifier(text)), built without
// `new Function`/eval so pages can run under a strict CSP.
export class Callable {
  constructor() {
    const fn = (...args) => fn._call(...args);
    Object.setPrototypeOf(fn, new.target.prototype);
    return fn;
  }
  _call() { throw new Error('not callable'); }
}
