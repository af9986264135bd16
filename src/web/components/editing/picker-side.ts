/** One list a capacity picker adds to, and the words of its button. */
export interface PickerSide<S extends string> {
  readonly side: S;
  /** Message key of the short button text; `<key>-named` is its accessible name, with the capacity as $1. */
  readonly label: string;
}
