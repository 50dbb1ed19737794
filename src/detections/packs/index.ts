/** Detection packs: installing folders, zips and git repositories of detections, and loading them. */
export { createPackService, type PackService, type PackServiceOptions } from './pack-service.js'
export {
  installedPackGroups,
  loadDetectionSet,
  packContentDir,
  type DetectionGroup,
  type DetectionSet,
} from './pack-content.js'
export { extractZip, defaultZipLimits, type ZipLimits } from './pack-zip.js'
