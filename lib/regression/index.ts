/** Linear regression (notebook 08): least squares in closed form, feature scaling. */
export * from "./least-squares";
export * from "./scaling";
