/** One list a capacity picker adds to, and the words of its button. */
export interface PickerSide<S extends string> {
  readonly side: S;
  /** Message key of the short button text. */
  readonly label: string;
  /**
   * Message key of the button's accessible name, with the capacity as $1. Written whole, as every
   * message key is: the build sends each page the messages its code names.
   */
  readonly namedLabel: string;
}
