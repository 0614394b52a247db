/** The components a lesson's MDX may use, passed to <Content components={...}> so lessons import nothing. */
import CaseStudy from './CaseStudy.astro';
import Callout from './Callout.astro';
import Download from './Download.astro';
import ExpertCheck from './ExpertCheck.astro';
import H5P from './H5P.astro';
import KeyPoints from './KeyPoints.astro';
import LegalRef from './LegalRef.astro';
import Quiz from './Quiz.astro';
import Video from './Video.astro';

export const lessonComponents = { Video, CaseStudy, KeyPoints, LegalRef, Callout, Download, H5P, Quiz, ExpertCheck };
