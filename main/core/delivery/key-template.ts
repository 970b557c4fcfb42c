// The key template lives in shared/ (pure, used by the Destinations page for its live example too); the
// delivery code keeps importing it from here.
export { renderKey, validateKeyTemplate, type KeyFacts } from '../../../shared/domain/key-template';
