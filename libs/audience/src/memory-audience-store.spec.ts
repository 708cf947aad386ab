import { describeAudienceStoreContract } from '../../../test/support/audience-store.contract';
import { MemoryAudienceStore } from './memory-audience-store';

describeAudienceStoreContract('MemoryAudienceStore', () => new MemoryAudienceStore({ retentionWeeks: 520 }));
