/**
 * COCO classes as Rekognition names them, and DetectLabels' answer built
 * from a detector's objects. Rekognition reports a label's ancestors both in
 * its `Parents` and as labels of their own (a Car also yields Vehicle and
 * Transportation, without instances), each with one taxonomy category; this
 * module holds that taxonomy for the 80 COCO classes the shipped models
 * report. Names and parents follow Rekognition's published label list where
 * it has the class; the rest are the nearest sensible reading. Pure.
 */

/** A label of the taxonomy: every ancestor (nearest first, closed under ancestry) and its category. */
export interface LabelInfo {
  readonly parents: readonly string[];
  readonly category: string;
}

const VEHICLES = 'Vehicles and Automotive';
const ANIMALS = 'Animals and Pets';
const FOOD = 'Food and Beverage';
const FURNITURE = 'Furniture and Furnishings';
const TECH = 'Technology and Computing';
const SPORTS = 'Sports';
const ACCESSORIES = 'Apparel and Accessories';
const HOME = 'Home and Indoors';
const OBJECTS = 'Everyday Objects';
const TOYS = 'Hobbies and Interests';
const OUTDOORS = 'Buildings and Architecture';
const PLANTS = 'Plants and Flowers';
const KITCHEN = 'Kitchen and Dining';

const l = (category: string, ...parents: string[]): LabelInfo => ({ parents, category });

/** Every label the endpoint can answer: the COCO classes' names and all their ancestors. */
export const REKOGNITION_TAXONOMY: Readonly<Record<string, LabelInfo>> = {
  // ancestors
  Transportation: l(VEHICLES),
  Vehicle: l(VEHICLES, 'Transportation'),
  Aircraft: l(VEHICLES, 'Vehicle', 'Transportation'),
  Watercraft: l(VEHICLES, 'Vehicle', 'Transportation'),
  Animal: l(ANIMALS),
  Mammal: l(ANIMALS, 'Animal'),
  Pet: l(ANIMALS, 'Animal'),
  Canine: l(ANIMALS, 'Animal', 'Mammal'),
  Livestock: l(ANIMALS, 'Animal', 'Mammal'),
  Cattle: l(ANIMALS, 'Livestock', 'Animal', 'Mammal'),
  Wildlife: l(ANIMALS, 'Animal'),
  Accessories: l(ACCESSORIES),
  Bag: l(ACCESSORIES, 'Accessories'),
  Clothing: l(ACCESSORIES),
  'Formal Wear': l(ACCESSORIES, 'Clothing'),
  Glove: l(ACCESSORIES, 'Clothing'),
  Baggage: l(ACCESSORIES),
  Toy: l(TOYS),
  'Sports Equipment': l(SPORTS),
  Racket: l(SPORTS, 'Sports Equipment'),
  Food: l(FOOD),
  Produce: l(FOOD, 'Food'),
  Plant: l(PLANTS),
  Fruit: l(FOOD, 'Food', 'Plant', 'Produce'),
  'Citrus Fruit': l(FOOD, 'Fruit', 'Food', 'Plant', 'Produce'),
  Vegetable: l(FOOD, 'Food', 'Plant', 'Produce'),
  Dessert: l(FOOD, 'Food'),
  Sweets: l(FOOD, 'Food'),
  Beverage: l(FOOD),
  Cutlery: l(KITCHEN),
  Glass: l(KITCHEN),
  Furniture: l(FURNITURE),
  Table: l(FURNITURE, 'Furniture'),
  Electronics: l(TECH),
  Screen: l(TECH, 'Electronics'),
  Computer: l(TECH, 'Electronics'),
  Hardware: l(TECH, 'Electronics'),
  'Computer Hardware': l(TECH, 'Electronics', 'Hardware'),
  Phone: l(TECH, 'Electronics'),
  'Electrical Device': l(HOME),
  Appliance: l(HOME, 'Electrical Device'),
  Publication: l(OBJECTS),
  Pottery: l(OBJECTS),
  Light: l(OUTDOORS),
  Symbol: l(OBJECTS),
  Sign: l(OBJECTS, 'Symbol'),
  'Road Sign': l(VEHICLES, 'Sign', 'Symbol'),
  Tool: l(OBJECTS),
  Brush: l(OBJECTS, 'Tool'),
  Canopy: l(OBJECTS),
  Hydrant: l(OUTDOORS),

  // the COCO classes
  Person: l('Person Description'),
  Bicycle: l(VEHICLES, 'Vehicle', 'Transportation'),
  Car: l(VEHICLES, 'Vehicle', 'Transportation'),
  Motorcycle: l(VEHICLES, 'Vehicle', 'Transportation'),
  Airplane: l(VEHICLES, 'Aircraft', 'Vehicle', 'Transportation'),
  Bus: l(VEHICLES, 'Vehicle', 'Transportation'),
  Train: l(VEHICLES, 'Vehicle', 'Transportation'),
  Truck: l(VEHICLES, 'Vehicle', 'Transportation'),
  Boat: l(VEHICLES, 'Watercraft', 'Vehicle', 'Transportation'),
  'Traffic Light': l(VEHICLES, 'Light'),
  'Fire Hydrant': l(OUTDOORS, 'Hydrant'),
  'Stop Sign': l(VEHICLES, 'Road Sign', 'Sign', 'Symbol'),
  'Parking Meter': l(VEHICLES),
  Bench: l(FURNITURE, 'Furniture'),
  Bird: l(ANIMALS, 'Animal'),
  Cat: l(ANIMALS, 'Animal', 'Mammal', 'Pet'),
  Dog: l(ANIMALS, 'Animal', 'Canine', 'Mammal', 'Pet'),
  Horse: l(ANIMALS, 'Animal', 'Mammal'),
  Sheep: l(ANIMALS, 'Animal', 'Livestock', 'Mammal'),
  Cow: l(ANIMALS, 'Animal', 'Cattle', 'Livestock', 'Mammal'),
  Elephant: l(ANIMALS, 'Animal', 'Mammal', 'Wildlife'),
  Bear: l(ANIMALS, 'Animal', 'Mammal', 'Wildlife'),
  Zebra: l(ANIMALS, 'Animal', 'Mammal', 'Wildlife'),
  Giraffe: l(ANIMALS, 'Animal', 'Mammal', 'Wildlife'),
  Backpack: l(ACCESSORIES, 'Bag', 'Accessories'),
  Umbrella: l(OBJECTS, 'Canopy'),
  Handbag: l(ACCESSORIES, 'Bag', 'Accessories'),
  Tie: l(ACCESSORIES, 'Accessories', 'Formal Wear', 'Clothing'),
  Suitcase: l(ACCESSORIES, 'Baggage'),
  Frisbee: l(TOYS, 'Toy'),
  Ski: l(SPORTS, 'Sports Equipment'),
  Snowboard: l(SPORTS, 'Sports Equipment'),
  Ball: l(SPORTS, 'Sports Equipment'),
  Kite: l(TOYS, 'Toy'),
  'Baseball Bat': l(SPORTS, 'Sports Equipment'),
  'Baseball Glove': l(SPORTS, 'Glove', 'Sports Equipment', 'Clothing'),
  Skateboard: l(SPORTS, 'Sports Equipment'),
  Surfboard: l(SPORTS, 'Sports Equipment'),
  'Tennis Racket': l(SPORTS, 'Racket', 'Sports Equipment'),
  Bottle: l(KITCHEN),
  'Wine Glass': l(KITCHEN, 'Glass'),
  Cup: l(KITCHEN),
  Fork: l(KITCHEN, 'Cutlery'),
  Knife: l(KITCHEN, 'Cutlery'),
  Spoon: l(KITCHEN, 'Cutlery'),
  Bowl: l(KITCHEN),
  Banana: l(FOOD, 'Fruit', 'Food', 'Plant', 'Produce'),
  Apple: l(FOOD, 'Fruit', 'Food', 'Plant', 'Produce'),
  Sandwich: l(FOOD, 'Food'),
  Orange: l(FOOD, 'Citrus Fruit', 'Fruit', 'Food', 'Plant', 'Produce'),
  Broccoli: l(FOOD, 'Vegetable', 'Food', 'Plant', 'Produce'),
  Carrot: l(FOOD, 'Vegetable', 'Food', 'Plant', 'Produce'),
  'Hot Dog': l(FOOD, 'Food'),
  Pizza: l(FOOD, 'Food'),
  Donut: l(FOOD, 'Sweets', 'Food'),
  Cake: l(FOOD, 'Dessert', 'Food'),
  Chair: l(FURNITURE, 'Furniture'),
  Couch: l(FURNITURE, 'Furniture'),
  'Potted Plant': l(PLANTS, 'Plant'),
  Bed: l(FURNITURE, 'Furniture'),
  'Dining Table': l(FURNITURE, 'Table', 'Furniture'),
  Toilet: l(HOME),
  TV: l(TECH, 'Screen', 'Electronics'),
  Laptop: l(TECH, 'Computer', 'Electronics'),
  Mouse: l(TECH, 'Computer Hardware', 'Electronics', 'Hardware'),
  'Remote Control': l(TECH, 'Electronics'),
  Keyboard: l(TECH, 'Computer Hardware', 'Electronics', 'Hardware'),
  'Mobile Phone': l(TECH, 'Phone', 'Electronics'),
  Microwave: l(KITCHEN, 'Appliance', 'Electrical Device'),
  Oven: l(KITCHEN, 'Appliance', 'Electrical Device'),
  Toaster: l(KITCHEN, 'Appliance', 'Electrical Device'),
  Sink: l(HOME),
  Refrigerator: l(KITCHEN, 'Appliance', 'Electrical Device'),
  Book: l(OBJECTS, 'Publication'),
  Clock: l(OBJECTS),
  Vase: l(OBJECTS, 'Pottery'),
  Scissors: l(OBJECTS, 'Tool'),
  'Teddy Bear': l(TOYS, 'Toy'),
  'Hair Dryer': l(HOME, 'Appliance', 'Electrical Device'),
  Toothbrush: l(OBJECTS, 'Brush', 'Tool'),
};

/** The 80 COCO class names (what the detector reports, lower case) → Rekognition's label name. */
export const COCO_TO_REKOGNITION: Readonly<Record<string, string>> = {
  person: 'Person', bicycle: 'Bicycle', car: 'Car', motorcycle: 'Motorcycle', airplane: 'Airplane', bus: 'Bus', train: 'Train',
  truck: 'Truck', boat: 'Boat', 'traffic light': 'Traffic Light', 'fire hydrant': 'Fire Hydrant', 'stop sign': 'Stop Sign',
  'parking meter': 'Parking Meter', bench: 'Bench', bird: 'Bird', cat: 'Cat', dog: 'Dog', horse: 'Horse', sheep: 'Sheep', cow: 'Cow',
  elephant: 'Elephant', bear: 'Bear', zebra: 'Zebra', giraffe: 'Giraffe', backpack: 'Backpack', umbrella: 'Umbrella',
  handbag: 'Handbag', tie: 'Tie', suitcase: 'Suitcase', frisbee: 'Frisbee', skis: 'Ski', snowboard: 'Snowboard',
  'sports ball': 'Ball', kite: 'Kite', 'baseball bat': 'Baseball Bat', 'baseball glove': 'Baseball Glove', skateboard: 'Skateboard',
  surfboard: 'Surfboard', 'tennis racket': 'Tennis Racket', bottle: 'Bottle', 'wine glass': 'Wine Glass', cup: 'Cup', fork: 'Fork',
  knife: 'Knife', spoon: 'Spoon', bowl: 'Bowl', banana: 'Banana', apple: 'Apple', sandwich: 'Sandwich', orange: 'Orange',
  broccoli: 'Broccoli', carrot: 'Carrot', 'hot dog': 'Hot Dog', pizza: 'Pizza', donut: 'Donut', cake: 'Cake', chair: 'Chair',
  couch: 'Couch', 'potted plant': 'Potted Plant', bed: 'Bed', 'dining table': 'Dining Table', toilet: 'Toilet', tv: 'TV',
  laptop: 'Laptop', mouse: 'Mouse', remote: 'Remote Control', keyboard: 'Keyboard', 'cell phone': 'Mobile Phone',
  microwave: 'Microwave', oven: 'Oven', toaster: 'Toaster', sink: 'Sink', refrigerator: 'Refrigerator', book: 'Book', clock: 'Clock',
  vase: 'Vase', scissors: 'Scissors', 'teddy bear': 'Teddy Bear', 'hair drier': 'Hair Dryer', toothbrush: 'Toothbrush',
};

/** A detector's object (models' DetectedObject): COCO label, score 0..1, box 0..1. */
export interface DetectedObjectLike {
  readonly label: string;
  readonly score: number;
  readonly box: { readonly left: number; readonly top: number; readonly width: number; readonly height: number };
}

/** One element of DetectLabels' `Labels`, in Rekognition's shape. */
export interface RekognitionLabel {
  readonly Name: string;
  /** Percent, 0..100. */
  readonly Confidence: number;
  readonly Instances: ReadonlyArray<{ readonly BoundingBox: { readonly Width: number; readonly Height: number; readonly Left: number; readonly Top: number }; readonly Confidence: number }>;
  readonly Parents: ReadonlyArray<{ readonly Name: string }>;
  readonly Aliases: ReadonlyArray<{ readonly Name: string }>;
  readonly Categories: ReadonlyArray<{ readonly Name: string }>;
}

/** What the request asks of the answer (DetectLabels' MinConfidence, MaxLabels and Settings.GeneralLabels). */
export interface LabelQuery {
  /** Percent; labels and instances under it are left out. */
  readonly minConfidence: number;
  /** undefined: no limit. */
  readonly maxLabels: number | undefined;
  /** Label names (case-insensitive): only these, when given. */
  readonly includeLabels?: readonly string[] | undefined;
  readonly excludeLabels?: readonly string[] | undefined;
  /** Category names (case-insensitive): only labels of these, when given. */
  readonly includeCategories?: readonly string[] | undefined;
  readonly excludeCategories?: readonly string[] | undefined;
}

/** Rekognition's name of a detector label: from the table, else the label in title case. */
export function rekognitionName(cocoLabel: string): string {
  return COCO_TO_REKOGNITION[cocoLabel.toLowerCase()] ?? cocoLabel.replace(/(^|\s)\p{Ll}/gu, (c) => c.toUpperCase());
}

const lowerSet = (names: readonly string[] | undefined): Set<string> | undefined => (names && names.length > 0 ? new Set(names.map((n) => n.toLowerCase())) : undefined);

/**
 * DetectLabels' `Labels` from a detector's objects: one label per class with
 * its instances (boxes and confidences, best first) and the best instance's
 * confidence, then every ancestor as a label without instances carrying its
 * best descendant's confidence; filtered, sorted by confidence (best first;
 * a label before its ancestors on a tie) and cut at maxLabels.
 */
export function toRekognitionLabels(objects: readonly DetectedObjectLike[], query: LabelQuery): RekognitionLabel[] {
  interface Acc { name: string; confidence: number; instances: Array<RekognitionLabel['Instances'][number]>; order: number }
  const labels = new Map<string, Acc>();
  const touch = (name: string): Acc => {
    let acc = labels.get(name);
    if (!acc) labels.set(name, (acc = { name, confidence: 0, instances: [], order: labels.size }));
    return acc;
  };
  const sorted = [...objects].sort((a, b) => b.score - a.score);
  for (const object of sorted) {
    const confidence = object.score * 100;
    if (!(confidence >= query.minConfidence)) continue;
    const name = rekognitionName(object.label);
    const acc = touch(name);
    acc.confidence = Math.max(acc.confidence, confidence);
    acc.instances.push({ BoundingBox: { Width: object.box.width, Height: object.box.height, Left: object.box.left, Top: object.box.top }, Confidence: confidence });
    for (const parent of REKOGNITION_TAXONOMY[name]?.parents ?? []) {
      const p = touch(parent);
      p.confidence = Math.max(p.confidence, confidence);
    }
  }

  const include = lowerSet(query.includeLabels);
  const exclude = lowerSet(query.excludeLabels);
  const includeCategories = lowerSet(query.includeCategories);
  const excludeCategories = lowerSet(query.excludeCategories);
  const wanted = (name: string): boolean => {
    const category = REKOGNITION_TAXONOMY[name]?.category.toLowerCase();
    if (include && !include.has(name.toLowerCase())) return false;
    if (exclude?.has(name.toLowerCase())) return false;
    if (includeCategories && (category === undefined || !includeCategories.has(category))) return false;
    if (excludeCategories && category !== undefined && excludeCategories.has(category)) return false;
    return true;
  };

  const result = [...labels.values()]
    .filter((acc) => wanted(acc.name))
    .sort((a, b) => b.confidence - a.confidence || a.order - b.order)
    .map((acc): RekognitionLabel => {
      const info = REKOGNITION_TAXONOMY[acc.name];
      return {
        Name: acc.name,
        Confidence: acc.confidence,
        Instances: acc.instances,
        Parents: (info?.parents ?? []).map((Name) => ({ Name })),
        Aliases: [],
        Categories: info ? [{ Name: info.category }] : [],
      };
    });
  return query.maxLabels === undefined ? result : result.slice(0, query.maxLabels);
}
